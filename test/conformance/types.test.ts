import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { printGraph } from '../../src/check/print.js';
import { standardRegistry } from '../../src/ops/index.js';
import { typesAreEqual, type Type } from '../../src/types/index.js';
import { readJsonl, type TypeCase } from './load.js';

const cases = readJsonl<TypeCase>('reference-types-print.jsonl');
const registry = standardRegistry();

/** Deliberate differences (docs/semantics.md): these expressions are errors for us. */
const typeDeviations: Readonly<Record<string, string>> = {
  'tp-1160': 'duplicate-key',
};

describe('reference types and printed forms (448 expressions)', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const compiled = compile(c.expr);
    if (typeDeviations[id]) {
      expect(compiled.diagnostics[0]?.code).toBe(typeDeviations[id]);
      return;
    }
    expect(compiled.diagnostics).toEqual([]);
    const node = compiled.node!;
    if (!typesAreEqual(compiled.type, c.type as Type)) expect(compiled.type).toEqual(c.type);
    // The reference printer, reproduced exactly …
    expect(printGraph(node, registry, { reference: true })).toBe(c.print);
    expect(printGraph(node, registry, { multiline: true, reference: true })).toBe(c.print_multiline ?? c.print);
    // … and our canonical printer, which differs only where the reference's text would not
    // read back as the same expression (`--0.2`, `-2 ** 2` for a negated power).
    const canonical = printGraph(node, registry);
    if (canonical !== c.print) {
      const reread = compile(c.print);
      const same = reread.node !== null && printGraph(reread.node, registry) === canonical;
      expect(same, `reference text ${c.print} reads back unchanged, so ours (${canonical}) should equal it`).toBe(false);
      const ours = compile(canonical);
      expect(ours.diagnostics).toEqual([]);
      expect(typesAreEqual(ours.type, compiled.type)).toBe(true);
    }
  });
});
