import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { printGraph } from '../../src/check/print.js';
import { standardRegistry } from '../../src/ops/index.js';
import { typesAreEqual, type Type } from '../../src/types/index.js';
import { readJsonl, type TypeCase } from './load.js';

const cases = readJsonl<TypeCase>('reference-types-print.jsonl');

describe('reference types and printed forms (448 expressions)', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const compiled = compile(c.expr);
    expect(compiled.diagnostics).toEqual([]);
    const node = compiled.node!;
    const same = typesAreEqual(compiled.type, c.type as Type);
    if (!same) expect(compiled.type).toEqual(c.type);
    expect(printGraph(node, standardRegistry())).toBe(c.print);
    expect(printGraph(node, standardRegistry(), { multiline: true })).toBe(c.print_multiline ?? c.print);
  });
});
