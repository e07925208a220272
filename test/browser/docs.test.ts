/**
 * docs/api.md stays true: every `ts` example in it runs (imports of `panelql` and
 * `panelql/node` pointed at src/index.ts and src/node.ts), and every export of both entries
 * is documented there.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as browser from '../../src/index.js';
import * as node from '../../src/node.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(root, 'docs/api.md'), 'utf8');
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const dir = join(root, 'node_modules/.cache/panelql-doctest');

describe('docs/api.md', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it.each(blocks.map((code, i) => [i + 1, code.split('\n')[0], code] as const))('example %i (%s) runs', async (i, _first, code) => {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `example-${i}.ts`);
    const rewritten = code
      .replace(/from 'panelql\/node'/g, `from ${JSON.stringify(join(root, 'src/node.ts'))}`)
      .replace(/from 'panelql'/g, `from ${JSON.stringify(join(root, 'src/index.ts'))}`);
    writeFileSync(file, `${rewritten}\nexport {};\n`);
    await import(/* @vite-ignore */ file);
  });

  it('README starts with one sentence and the two set-up commands', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
    expect(readme[0]).toMatch(/^PanelQL is .*\.$/);
    const commands = readme.slice(1, 5).filter((l) => l.trim() !== '').map((l) => l.trim().split('#')[0].trim());
    expect(commands).toEqual(['npm install && npm start', 'npm test']);
  });

  it('documents every export of both entries', () => {
    const missing = [...new Set([...Object.keys(browser), ...Object.keys(node)])].filter((name) => !new RegExp(`\\b${name}\\b`).test(doc));
    expect(missing).toEqual([]);
  });
});
