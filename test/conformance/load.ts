/** Reads the reference engine's recorded answers (copied from shared/conformance). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function readJsonl<T>(name: string): T[] {
  const path = fileURLToPath(new URL(`./data/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

export interface AnswerCase {
  id: string;
  expr: string;
  mode: 'value' | 'error';
  expect: unknown;
}

export interface TypeCase {
  id: string;
  expr: string;
  type: unknown;
  print: string;
  print_multiline?: string;
}
