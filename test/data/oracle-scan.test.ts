/**
 * The oracle's scan for run / artifact-version objects in fetched data (used to type lambda
 * parameters), which skips remembering leaf objects and arrays, finds exactly what the plain walk
 * finds, in the same order, with the same projects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataOracle } from '../../src/exec/data/oracle.js';
import { DataStore } from '../../src/exec/data/store.js';
import { DomainObject } from '../../src/ops/domain/index.js';
import { standardRegistry } from '../../src/ops/index.js';

/** The walk as it was: every object and array visited once (remembered), depth ≤ 12. */
function referenceScan(roots: unknown, kind: 'run' | 'artifactVersion', field: string | null): DomainObject[] {
  const out: DomainObject[] = [];
  const seen = new Set<object>();
  const marker =
    kind === 'run'
      ? (o: Record<string, unknown>) => typeof o.name === 'string' && typeof o.id === 'string' && ('summaryMetrics' in o || 'config' in o || 'historyLineCount' in o || 'sampledHistory' in o || Object.keys(o).some((k) => k.startsWith('history_')))
      : (o: Record<string, unknown>) => 'versionIndex' in o;
  let project: DomainObject | null = null;
  const walk = (v: unknown, depth: number): void => {
    if (v == null || typeof v !== 'object' || depth > 12 || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const e of v) walk(e, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if ((field === null || Object.prototype.hasOwnProperty.call(o, field)) && marker(o)) out.push(DomainObject.of(kind, o, project));
    const isProject = typeof o.entityName === 'string' && typeof o.name === 'string' && typeof o.id === 'string';
    const outer = project;
    if (isProject) project = DomainObject.of('project', o, null);
    for (const k of Object.keys(o)) {
      const c = o[k];
      if (c != null && typeof c === 'object') walk(c, depth + 1);
    }
    project = outer;
  };
  walk(roots, 0);
  return out;
}

const key = fc.constantFrom('name', 'id', 'entityName', 'summaryMetrics', 'config', 'history_1', 'sampledHistory', 'versionIndex', 'runs', 'edges', 'node', 'loss');

/** Random GraphQL-like answers; `pool` lets later parts reuse (share) earlier objects. */
function answer(): fc.Arbitrary<unknown> {
  return fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('a', 'b', 1, 2.5, null, true),
      fc.array(tie('v'), { maxLength: 4 }),
      fc.dictionary(key, tie('v'), { maxKeys: 5 }),
      fc.record({ name: fc.constantFrom('r1', 'r2'), id: fc.constantFrom('x', 'y'), summaryMetrics: fc.constant('{}'), sampledHistory: fc.array(fc.array(fc.dictionary(fc.constantFrom('_step', 'loss'), fc.integer()), { maxLength: 3 }), { maxLength: 2 }) }),
      fc.record({ name: fc.constantFrom('r3', 'r4'), id: fc.constant('z'), config: fc.constant('{}') }),
      fc.record({ versionIndex: fc.nat(3), name: fc.constant('v') }),
      fc.record({ entityName: fc.constant('e'), name: fc.constant('p'), id: fc.constantFrom('p1', 'p2'), runs: fc.array(tie('v'), { maxLength: 3 }) }),
    ),
  })).v;
}

describe('oracle scan', () => {
  it('finds the same objects, in the same order, as the plain walk (shared objects, leaves, depth)', () => {
    fc.assert(
      fc.property(fc.array(answer(), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom<[('run' | 'artifactVersion'), string | null]>(['run', null], ['run', 'summaryMetrics'], ['artifactVersion', null]), (parts, shares, [kind, field]) => {
        // Share some parts (the same object reachable twice, possibly at another depth).
        const roots: Record<string, unknown> = {};
        parts.forEach((p, i) => (roots[`q${i}`] = p));
        shares.forEach((s, i) => (roots[`s${i}`] = { nested: [parts[s % parts.length]] }));
        const store = new DataStore();
        Object.assign(store.roots, roots);
        const oracle = new DataOracle(store, standardRegistry(), (n) => n, {});
        const found = (oracle as unknown as { scan(k: string, f: string | null): DomainObject[] }).scan(kind, field);
        const expected = referenceScan(store.roots, kind, field);
        expect(found.length).toBe(expected.length);
        found.forEach((o, i) => expect(o).toBe(expected[i]));
      }),
      { numRuns: 300 },
    );
  });
});
