#!/usr/bin/env node
// The `panelql` command. The CLI is TypeScript and runs without a build step:
//
// 1. Fast path: a bundle of src/cli/main.ts (and the worker thread script), built with
//    esbuild into node_modules/.cache/panelql/<key>/ and reused while no file under src/ or
//    scripts/ (nor package.json / package-lock.json / this file) changes. Loading one bundled file
//    takes a fraction of the time tsx needs to load the ~150 modules one by one.
// 2. Fallback (esbuild missing, read-only node_modules, build error, or PANELQL_NO_BUNDLE=1):
//    tsx compiles the sources on the fly.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function sourceKey() {
  const hash = createHash('sha256');
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) visit(p);
      else {
        const s = statSync(p);
        hash.update(`${relative(root, p)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  visit(join(root, 'src'));
  visit(join(root, 'scripts')); // the demo generator is part of the CLI
  for (const f of ['package.json', 'package-lock.json', 'bin/panelql.js']) {
    const p = join(root, f);
    if (existsSync(p)) {
      const s = statSync(p);
      hash.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
    }
  }
  hash.update(process.version);
  return hash.digest('hex').slice(0, 16);
}

// Packages inlined into the bundle: pure ESM, many small modules, slow to load one by one.
const INLINE = /^(chevrotain|@chevrotain\/|lodash-es|date-fns)/;

async function bundle() {
  const cacheDir = join(root, 'node_modules', '.cache', 'panelql');
  const key = sourceKey();
  const dir = join(cacheDir, key);
  const main = join(dir, 'main.mjs');
  if (existsSync(main)) return main;
  const { build } = await import('esbuild');
  const tmp = join(cacheDir, `${key}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await build({
      entryPoints: { main: join(root, 'src/cli/main.ts'), worker: join(root, 'src/server/worker.ts') },
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      define: {
        __PANELQL_BUNDLED__: 'true',
        __PANELQL_ROOT__: JSON.stringify(relative(dir, root).split('\\').join('/') + '/'),
      },
      plugins: [
        {
          name: 'externals',
          setup(b) {
            b.onResolve({ filter: /^[^./]/ }, (args) => (INLINE.test(args.path) ? undefined : { path: args.path, external: true }));
          },
        },
      ],
    });
    try {
      renameSync(tmp, dir);
    } catch {
      // Another process built the same key first: use theirs.
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  // Drop bundles of older sources, once nothing can still be running from them (a server
  // started from one spawns its worker threads from it).
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const old of readdirSync(cacheDir)) {
    const p = join(cacheDir, old);
    if (old !== key && statSync(p).mtimeMs < dayAgo) rmSync(p, { recursive: true, force: true });
  }
  return main;
}

let entry = null;
if (!process.env.PANELQL_NO_BUNDLE) {
  try {
    entry = await bundle();
  } catch {
    entry = null;
  }
}
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
