/**
 * JSON-row ingest (`tableFromJsonRows`) against a reference written from its documented rules:
 * every key (first-seen order over the rows' `for…in` keys) reads back as `row[key] ?? null`,
 * with the documented kind and storage (Int32 vs Float64, dictionary vs plain strings, bool,
 * mixed). The generators aim at the fast path's bail-outs: a kind that changes late (after many
 * rows of one kind), keys that go missing or change order, `__proto__` and unicode keys,
 * `undefined`, −0, NaN, objects, arrays and non-object rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setJsonIngestCodegen, tableFromJsonRows, toJS, type Column } from '../../src/exec/columnar/index.js';

const NUM_RUNS = process.env.PANELQL_LONG ? 2000 : 150;

function tag(v: unknown): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? '$-0' : Number.isNaN(v) ? '$NaN' : v;
  if (v === undefined) return '$undefined';
  return v;
}

function isRowObject(row: unknown): row is Record<string, unknown> {
  return row !== null && typeof row === 'object' && !Array.isArray(row);
}

/** The reference: keys in first-seen order, values, and the expected kind / storage. */
function reference(rows: readonly unknown[], only?: readonly string[]) {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (!isRowObject(row)) continue;
    for (const k in row) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const out = new Map<string, { values: unknown[]; kind: string; storage: string }>();
  for (const k of only ?? keys) {
    const values = rows.map((row) => {
      if (!isRowObject(row)) return null;
      // for…in keys only (own or inherited enumerable), never a plain prototype read
      let has = false;
      for (const kk in row) if (kk === k) has = true;
      if (only !== undefined && only.length <= 8) has = Object.prototype.hasOwnProperty.call(row, k);
      const v = has ? row[k] : null;
      return v === undefined ? null : v;
    });
    const nonNull = values.filter((v) => v !== null);
    const types = new Set(nonNull.map((v) => (v !== null && typeof v === 'object' ? 'object' : typeof v)));
    let kind = 'mixed';
    let storage = '';
    if (types.size === 1 && types.has('number')) {
      kind = 'number';
      storage = nonNull.every((v) => ((v as number) | 0) === v && !Object.is(v, -0)) ? 'Int32Array' : 'Float64Array';
    } else if (types.size === 1 && types.has('string')) {
      kind = new Set(nonNull).size * 2 <= nonNull.length ? 'dict' : 'string';
    } else if (types.size === 1 && types.has('boolean')) kind = 'bool';
    out.set(k, { values, kind, storage });
  }
  return { keys: only ?? keys, columns: out };
}

/** Checks both paths: generated shape readers and the generic fast loop only. */
function check(rows: readonly unknown[], only?: readonly string[]): void {
  checkOne(rows, only);
  const before = setJsonIngestCodegen(false);
  try {
    checkOne(rows, only);
  } finally {
    setJsonIngestCodegen(before);
  }
}

function checkOne(rows: readonly unknown[], only?: readonly string[]): void {
  const t = tableFromJsonRows(rows, only ? { keys: only } : {});
  const ref = reference(rows, only);
  expect(t.length).toBe(rows.length);
  expect(t.names).toEqual(ref.keys);
  for (const k of ref.keys) {
    const col = t.get(k) as Column;
    const r = ref.columns.get(k)!;
    expect(toJS(col).map(tag), k).toEqual(r.values.map(tag));
    expect(col.kind, k).toBe(r.kind);
    if (col.kind === 'number') expect(col.values.constructor.name, k).toBe(r.storage);
    expect(col.nullCount, k).toBe(r.values.filter((v) => v === null).length);
  }
}

const KEYS = ['a', 'b', 'c', '__proto__', 'é', '\u{1F600}k', 'constructor', 'a.b', ''];
const value = fc.oneof(
  { weight: 5, arbitrary: fc.double() },
  { weight: 3, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 3, arbitrary: fc.constantFrom('x', 'y', 'z', 'é', '\u{1F600}', '') },
  { weight: 1, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.constantFrom(null, undefined, -0, NaN, true, false, 2 ** 31, -(2 ** 31)) },
  { weight: 1, arbitrary: fc.constantFrom({ path: 'img.png' }, [1, 2], { nested: { x: 1 } }) },
);

/** A row as JSON.parse would make it (so `__proto__` is an own key), from key/value pairs. */
function rowFrom(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** Many rows of one shape and kind per key, then perturbations (late kind changes, missing / reordered keys). */
const shapedRows = fc
  .record({
    shape: fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 5 }),
    kinds: fc.array(fc.constantFrom('int', 'float', 'str', 'bool', 'obj'), { minLength: 5, maxLength: 5 }),
    n: fc.integer({ min: 0, max: 80 }),
    nullRate: fc.constantFrom(0, 0.05, 0.5),
    perturb: fc.array(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom('value', 'drop', 'reorder', 'extra', 'nonobject', 'undefined'),
        key: fc.constantFrom(...KEYS),
        v: value,
      }),
      { maxLength: 4 },
    ),
    seed: fc.integer(),
  })
  .map(({ shape, kinds, n, nullRate, perturb, seed }) => {
    let s = seed >>> 0;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const gen = (kind: string, i: number): unknown => {
      if (rnd() < nullRate) return null;
      switch (kind) {
        case 'int':
          return (i * 7) % 13;
        case 'float':
          return rnd() * 10 - 5;
        case 'str':
          return ['run-a', 'run-b', 'run-c'][i % 3];
        case 'bool':
          return i % 2 === 0;
        default:
          return { i };
      }
    };
    const rows: unknown[] = [];
    for (let i = 0; i < n; i++) rows.push(rowFrom(shape.map((k, j) => [k, gen(kinds[j], i)] as const)));
    for (const p of perturb) {
      if (rows.length === 0) break;
      const i = p.at % rows.length;
      const row = rows[i];
      if (!isRowObject(row)) continue;
      const entries = Object.keys(row).map((k) => [k, row[k]] as [string, unknown]);
      if (p.kind === 'value') rows[i] = rowFrom(entries.map(([k, v]) => [k, k === p.key ? p.v : v] as const).concat(entries.some(([k]) => k === p.key) ? [] : [[p.key, p.v]]));
      else if (p.kind === 'drop') rows[i] = rowFrom(entries.filter(([k]) => k !== p.key && k !== shape[0]));
      else if (p.kind === 'reorder') rows[i] = rowFrom([...entries].reverse());
      else if (p.kind === 'extra') rows[i] = rowFrom([...entries.filter(([k]) => k !== p.key), [p.key, p.v]]);
      else if (p.kind === 'nonobject') rows[i] = [null, 5, 'row', [1, 2]][p.at % 4];
      else rows[i] = rowFrom(entries.map(([k, v]) => [k, k === p.key ? undefined : v] as const));
    }
    return rows;
  });

const randomRows = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength: 5 }).map((es) => rowFrom(es)) },
    { weight: 1, arbitrary: fc.constantFrom(null, 3, 'x', [1]) },
  ),
  { maxLength: 40 },
);

describe('tableFromJsonRows: fast path and bail-outs', () => {
  it('shaped rows with late kind changes, missing / reordered / extra keys, non-object rows', () => {
    fc.assert(
      fc.property(shapedRows, (rows) => check(rows)),
      { numRuns: NUM_RUNS },
    );
  });

  it('random sparse rows (__proto__, unicode, empty and prototype-named keys)', () => {
    fc.assert(
      fc.property(randomRows, (rows) => check(rows)),
      { numRuns: NUM_RUNS },
    );
  });

  it('the keys option: pruned (≤ 8 keys, own properties) and filtered (> 8 keys)', () => {
    fc.assert(
      fc.property(fc.oneof(shapedRows, randomRows), fc.uniqueArray(fc.constantFrom(...KEYS, 'missing'), { maxLength: 4 }), (rows, keys) => {
        check(rows, keys);
        const many = [...new Set([...keys, 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'])];
        check(rows, many);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a kind change after thousands of rows, and a first non-int32 late, keep every earlier value', () => {
    const rows: unknown[] = [];
    for (let i = 0; i < 5000; i++) rows.push({ x: i, s: `v${i % 7}`, b: i % 3 === 0, m: i === 0 ? null : i % 11 });
    rows.push({ x: 'late', s: 12, b: 'no', m: 0.5 });
    rows.push({ x: -0, s: null, b: null, m: -0 });
    check(rows);
    const t = tableFromJsonRows(rows);
    expect(t.get('m').kind).toBe('number');
    expect(toJS(t.get('m'))[5000]).toBe(0.5);
  });

  it('−0 and out-of-int32 numbers in the middle of an int column (Int32 → Float64, exact)', () => {
    for (const odd of [-0, 2 ** 31, 0.5, NaN, -Infinity]) {
      const rows = Array.from({ length: 100 }, (_, i) => ({ x: i === 50 ? odd : i, y: 'k' }));
      check(rows);
      expect(Object.is(toJS(tableFromJsonRows(rows).get('x'))[50], odd)).toBe(true);
    }
  });

  it('all-null, empty and JSON.parse rows (own __proto__ key)', () => {
    check([]);
    check([{}, {}, null]);
    check([{ a: null }, { a: undefined }]);
    check(JSON.parse('[{"__proto__": 1, "a": "x"}, {"__proto__": 2, "a": "x"}, {"a": "y", "__proto__": null}]'));
  });
});
