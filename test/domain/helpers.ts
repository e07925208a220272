/** Shared fixtures of the domain tests: the toy workspace behind the local backend. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../src/backends/backend.js';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { evaluateWithBackend, type BackendEvaluationResult } from '../../src/exec/driver.js';

export const TOY_WORKSPACE = fileURLToPath(new URL('../conformance/data/toy-workspace.json', import.meta.url));

export function toyBackend(): Backend {
  return createLocalBackend(readFileSync(TOY_WORKSPACE, 'utf8'));
}

export interface ToyCase {
  readonly id: string;
  readonly expr: string;
  readonly mode: 'value' | 'error';
  readonly expect: unknown;
}

export function toyCases(): ToyCase[] {
  const path = fileURLToPath(new URL('../conformance/data/reference-answers-toy.jsonl', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ToyCase);
}

/** A backend wrapper recording the documents sent. */
export function recording(backend: Backend): Backend & { readonly documents: string[] } {
  const documents: string[] = [];
  return {
    name: backend.name,
    documents,
    execute: (req) => {
      documents.push(req.query);
      return backend.execute(req);
    },
    readFile: (ref, signal) => backend.readFile(ref, signal),
  };
}

/** The value (or `{error}`) of one expression over a workspace, as encoded JSON. */
export async function valueOf(backend: Backend, expr: string, project = 'acme/mnist'): Promise<unknown> {
  const r = await evaluateWithBackend(expr, { backend, project, debug: true });
  return outcome(r);
}

export function outcome(r: BackendEvaluationResult): unknown {
  return r.ok ? r.value : { error: r.error.kind, message: r.error.message };
}

/** Builds a workspace document in the format of docs/workspace.md. */
export function workspace(projects: Record<string, unknown>[], users: string[] = ['alice', 'bob', 'carol']): Record<string, unknown> {
  return { entities: [{ name: 'acme', projects }], users: users.map((username) => ({ username })) };
}
