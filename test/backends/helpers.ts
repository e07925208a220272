import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLocalBackend, type LocalBackend } from '../../src/backends/local/index.js';

export const TOY_PATH = fileURLToPath(new URL('./fixtures/toy-workspace.json', import.meta.url));

export function toyText(): string {
  return readFileSync(TOY_PATH, 'utf8');
}

export function toyBackend(): LocalBackend {
  return createLocalBackend(toyText());
}

/** A minimal valid workspace with one project; `patch` edits it before loading. */
export function miniWorkspace(): { entities: Record<string, unknown>[]; users: Record<string, unknown>[] } {
  return {
    entities: [
      {
        name: 'acme',
        projects: [
          {
            name: 'p',
            runs: [{ name: 'r1', summary: { loss: 1 }, history: [{ _step: 0, loss: 1 }] }],
            artifacts: [{ name: 'ds', type: 'dataset', versions: [{ aliases: ['latest'], files: { 'a.txt': { contents: 'hi' } } }] }],
          },
        ],
      },
    ],
    users: [{ username: 'alice' }],
  };
}

/** Runs a query and fails the test on GraphQL errors. */
export async function q(backend: LocalBackend, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await backend.execute({ query, variables });
  if (res.errors) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** `n` runs with `keys` summary keys each, for scale tests. */
export function bigWorkspace(n: number, keys: number): unknown {
  const runs = [];
  for (let i = 0; i < n; i++) {
    const summary: Record<string, number> = {};
    for (let k = 0; k < keys; k++) summary[`m${k}`] = (i * 31 + k * 7) % 1000;
    summary.loss = 1 / (i + 1);
    runs.push({
      name: `run${String(i).padStart(4, '0')}`,
      displayName: `run-${i}`,
      state: i % 3 === 0 ? 'crashed' : 'finished',
      createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().slice(0, 19),
      config: { lr: 10 ** -(i % 4), bs: 2 ** (i % 6) },
      summary,
    });
  }
  return { entities: [{ name: 'big', projects: [{ name: 'p', runs }] }], users: [] };
}
