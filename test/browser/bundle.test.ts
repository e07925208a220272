/**
 * The library's browser entry (`src/index.ts`) must bundle for the browser without any Node
 * built-in: a query panel embeds it. esbuild bundles it for `platform: 'browser'`; a plugin
 * records every import of a Node built-in (with the file that imports it), and the output is
 * scanned for Node globals (`process.…`, `Buffer`, `require(`, `__dirname`).
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

interface Finding {
  readonly module: string;
  readonly importer: string;
}

async function bundle(entry: string | { contents: string }): Promise<{ code: string; nodeImports: Finding[]; bytes: number }> {
  const nodeImports: Finding[] = [];
  const detector: Plugin = {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const name = args.path;
        if (name.startsWith('node:') || builtins.has(name) || builtins.has(name.split('/')[0])) {
          nodeImports.push({ module: args.path, importer: args.importer.replace(root, '') });
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const result = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: root, loader: 'ts', sourcefile: 'fixture.ts' } }),
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [detector],
  });
  const code = result.outputFiles[0].text;
  return { code, nodeImports, bytes: result.outputFiles[0].contents.byteLength };
}

/** Node globals a browser does not have (outside string literals is not checked: good enough). */
function nodeGlobals(code: string): string[] {
  const found = new Set<string>();
  // Not preceded by `.` or an identifier character: `x.require(` (lodash's guarded probe) and
  // esbuild's own `__require()` shim are not Node's globals.
  for (const m of code.matchAll(/(?<![.\w$])(process\.(?:env|argv|cwd|exit|stdout|stderr|stdin|platform|versions|nextTick|hrtime|memoryUsage)|Buffer\.(?:from|alloc|concat|byteLength|isBuffer)|require\(|__dirname|__filename)/g)) {
    found.add(m[1]);
  }
  return [...found];
}

describe('browser bundle of src/index.ts', () => {
  it('pulls in no Node built-in and uses no Node global', async () => {
    const { code, nodeImports, bytes } = await bundle('src/index.ts');
    expect(nodeImports, `Node built-ins reached from src/index.ts:\n${nodeImports.map((f) => `  ${f.module} (imported by ${f.importer})`).join('\n')}`).toEqual([]);
    expect(nodeGlobals(code), 'Node globals in the browser bundle').toEqual([]);
    expect(bytes).toBeGreaterThan(10_000);
  });

  it('the detector catches a Node import and a Node global (control)', async () => {
    const { nodeImports, code } = await bundle({ contents: "import { readFileSync } from 'node:fs';\nimport * as p from 'path';\nexport const f = () => [readFileSync, p, process.env.HOME];\n" });
    expect(nodeImports.map((f) => f.module).sort()).toEqual(['node:fs', 'path']);
    expect(nodeGlobals(code)).toContain('process.env');
  });
});
