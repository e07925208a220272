/**
 * The browser entry as a query panel uses it: compile, print, suggest, evaluate pure
 * expressions, evaluate a batch over an in-memory workspace (one planned query), plan, and
 * the wire format — everything imported from src/index.ts only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compile,
  createLocalBackend,
  decodeValue,
  encodeValue,
  evaluate,
  evaluateWithBackend,
  executeGraphs,
  formatDiagnosticText,
  fromWeaveTypeJson,
  fromWire,
  plan,
  print,
  projectBindings,
  stripTags,
  suggest,
  toWeaveTypeJson,
  toWire,
  typeToString,
  WireFormatError,
} from '../../src/index.js';

const toy = JSON.parse(readFileSync(new URL('../conformance/data/toy-workspace.json', import.meta.url), 'utf8')) as object;

describe('the browser entry', () => {
  it('compile / print / suggest / evaluate pure expressions', () => {
    const c = compile('[1, 2, 3].map((x) => x * 2)');
    expect(c.diagnostics).toEqual([]);
    expect(typeToString(c.type)).toBe('List<Number>');
    expect(print('1+2*3')).toBe('1 + 2 * 3');
    expect(suggest('"abc".up').map((s) => s.label)).toContain('upper');
    expect(evaluate('[1, 0/0]')).toMatchObject({ ok: true, value: [1, { $float: 'NaN' }] });
    const bad = evaluate('1 +');
    expect(bad.ok).toBe(false);
    if (!bad.ok && bad.error.diagnostic) expect(formatDiagnosticText('1 +', bad.error.diagnostic)).toContain('^');
  });

  it('evaluates a batch over an in-memory workspace with one GraphQL document', async () => {
    const backend = createLocalBackend(toy);
    const documents: string[] = [];
    const [count, loss, broken] = await evaluateWithBackend(['runs.count', 'runs.summary["loss"].min', 'runs.nope'], {
      backend,
      project: 'acme/mnist',
      onDocument: (d) => documents.push(d),
    });
    expect(count).toMatchObject({ ok: true, value: 4 });
    expect(loss.ok).toBe(true);
    expect(broken).toMatchObject({ ok: false, error: { kind: 'type' } });
    expect(documents).toHaveLength(1);
  });

  it('plans and executes typed graphs; the wire format round-trips', async () => {
    const { runs } = projectBindings('acme/mnist');
    const p = plan([runs]);
    expect(p.text).toContain('project(name: "mnist", entityName: "acme")');
    const r = await executeGraphs([runs], { backend: createLocalBackend(toy) });
    const first = r.results[0];
    expect(first.ok && Array.isArray(stripTags(first.value)) && (stripTags(first.value) as unknown[]).length).toBe(4);
    const wire = toWire([compile('1 + 2').node!]);
    expect(fromWire(JSON.parse(JSON.stringify(wire)))).toHaveLength(1);
    expect(() => fromWire({ nodes: [{ nodeType: 'output', fromOp: 5 }], targetNodes: [0] })).toThrow(WireFormatError);
    expect(fromWeaveTypeJson(toWeaveTypeJson({ type: 'list', objectType: 'number' }))).toEqual({ type: 'list', objectType: 'number' });
    expect(decodeValue(encodeValue(NaN))).toBeNaN();
  });
});
