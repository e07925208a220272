/**
 * `timsort.ts` against the engine's own `Array.prototype.sort`: for comparators that are no
 * order at all (answers from a random table, NaN keys, the row-wise null rule, several keys and
 * directions) the permutation is the same, and for the table comparators so is every question
 * asked, in order. Inputs are generated from small specs (a pattern, a size up to ~3000, a seed)
 * so that runs, descending runs, merges both ways and galloping all occur and failures shrink.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareItems } from '../../src/ops/list-values.js';
import { engineVariant, keysComparator, timSort, timSortKeys, type PositionComparator, type TimSortKey } from '../../src/exec/vectorized/timsort.js';

const LONG = process.env.PANELQL_LONG !== undefined && process.env.PANELQL_LONG !== '';
const RUNS = LONG ? 400 : 60;
const MAX_N = LONG ? 20000 : 3000;
/** The long runs take minutes (most of it in the engine's own sort with a logging comparator). */
const TIMEOUT = LONG ? 30 * 60_000 : undefined;

type Pattern = 'random' | 'few' | 'blocks' | 'sawtooth' | 'descending' | 'runs' | 'mixedRuns' | 'sorted';

interface Spec {
  readonly pattern: Pattern;
  readonly n: number;
  readonly seed: number;
  readonly width: number;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  pattern: fc.constantFrom<Pattern>('random', 'few', 'blocks', 'sawtooth', 'descending', 'runs', 'mixedRuns', 'mixedRuns', 'sorted'),
  // Mostly small (binary insertion, the first runs) with a share up to MAX_N (merges, galloping).
  n: fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 80 }) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: MAX_N }) }),
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  width: fc.integer({ min: 1, max: 64 }),
});

function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return (s >>> 8) / (1 << 24);
  };
}

/** n non-negative integers shaped by the pattern (`width`: how many distinct random ones). */
function ints(spec: Spec): Int32Array {
  const { n, width } = spec;
  const r = rng(spec.seed);
  const out = new Int32Array(n);
  const block = 1 + Math.floor(r() * 200);
  // mixedRuns: the current stretch's end, direction and level
  let end = 0;
  let up = true;
  let level = 0;
  for (let i = 0; i < n; i++) {
    let x: number;
    switch (spec.pattern) {
      case 'random':
        x = Math.floor(r() * width * 50);
        break;
      case 'few':
        x = Math.floor(r() * 3);
        break;
      case 'blocks': // long ascending stretches, each from a random level: merges that gallop
        x = (i % block === 0 ? Math.floor(r() * 1000) : 0) + i;
        break;
      case 'sawtooth':
        x = i % block;
        break;
      case 'descending':
        x = n - i + (r() < 0.02 ? Math.floor(r() * 50) : 0);
        break;
      case 'runs': {
        // alternating ascending and strictly descending stretches
        const b = Math.floor(i / block);
        x = b % 2 === 0 ? i : 2 * (b + 1) * block - i;
        break;
      }
      case 'mixedRuns':
        // Natural runs of very different lengths (most above minrun), each ascending or strictly
        // descending from its own level: the pending-runs stack takes the shapes where V8's
        // (CPython's corrected) collapse rule and the original one merge differently.
        if (i === end) {
          end = i + 1 + Math.floor(r() * r() * r() * 600);
          up = r() < 0.6;
          level = Math.floor(r() * 5000);
        }
        x = up ? level + i : level + 5000 - i;
        break;
      case 'sorted':
        x = i + (r() < 0.01 ? -Math.floor(r() * n) : 0);
        break;
    }
    out[i] = Math.max(0, x);
  }
  return out;
}

function identity(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/** The engine's permutation and questions, and ours. */
function both(n: number, cmp: PositionComparator): { engine: number[]; ours: number[]; engineAsked: number[]; oursAsked: number[] } {
  let log: number[] = [];
  const logged: PositionComparator = (a, b) => {
    log.push(a, b);
    return cmp(a, b);
  };
  const engine = Array.from({ length: n }, (_, i) => i).sort(logged);
  const engineAsked = log;
  log = [];
  const perm = identity(n);
  timSort(perm, logged);
  return { engine, ours: Array.from(perm), engineAsked, oursAsked: log };
}

describe('timSort = Array.prototype.sort, question for question', () => {
  it('recognises this engine’s sort (else timsort.ts falls back to it)', () => {
    expect(engineVariant()).not.toBeNull();
  });

  it(`comparators answering from a random table (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: 1, max: 0x7fffffff }), fc.integer({ min: 0, max: 100 }), (spec, tseed, honest) => {
        const vals = ints(spec);
        const T = 16;
        const r = rng(tseed);
        const table = Int8Array.from({ length: T * T }, () => Math.floor(r() * 3) - 1);
        // Mostly the values' order, with a share of the pairs answered from the table.
        const cmp: PositionComparator = (a, b) => {
          const x = vals[a];
          const y = vals[b];
          if ((Math.imul(x * 31 + y, 0x9e3779b1) >>> 0) % 100 < honest) return x - y;
          return table[(x % T) * T + (y % T)];
        };
        const res = both(spec.n, cmp);
        expect(res.ours).toEqual(res.engine);
        expect(res.oursAsked).toEqual(res.engineAsked);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 11 },
    );
  }, TIMEOUT);

  it('natural runs on which the corrected collapse rule (V8’s) and the original merge differently', () => {
    // minrun 34 for 539 elements (found by simulating both rules, final collapse included).
    const lens = [56, 143, 60, 36, 48, 48, 41, 49, 58];
    const vals: number[] = [];
    lens.forEach((len, j) => {
      for (let i = 0; i < len; i++) vals.push((lens.length - j) * 1000 + i);
    });
    for (const honest of [true, false]) {
      const res = both(vals.length, (a, b) => (honest || (a * 7 + b) % 11 !== 0 ? vals[a] - vals[b] : 1));
      expect(res.ours).toEqual(res.engine);
      expect(res.oursAsked).toEqual(res.engineAsked);
    }
  });

  it('a comparator whose answers depend on how many questions came before', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const vals = ints(spec);
        let calls = 0;
        const cmp: PositionComparator = (a, b) => (calls++ % 7 === 0 ? -1 : vals[a] - vals[b]);
        const engine = Array.from({ length: spec.n }, (_, i) => i).sort(cmp);
        calls = 0;
        const perm = identity(spec.n);
        timSort(perm, cmp);
        expect(Array.from(perm)).toEqual(engine);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 12 },
    );
  }, TIMEOUT);
});

/** Number keys: NaN, nulls, ±∞, −0 mixed into a pattern. */
function numKey(spec: Spec, nanRate: number, nullRate: number): { v: Float64Array; nul: Uint8Array; js: (number | null)[] } {
  const base = ints(spec);
  const r = rng(spec.seed ^ 0x5bd1e995);
  const v = new Float64Array(spec.n);
  const nul = new Uint8Array(spec.n);
  const js: (number | null)[] = [];
  for (let i = 0; i < spec.n; i++) {
    const u = r();
    if (u < nullRate) {
      nul[i] = 1;
      js.push(null);
      continue;
    }
    const x = u < nullRate + nanRate ? NaN : u > 0.995 ? Infinity : u > 0.99 ? -0 : base[i];
    v[i] = x;
    js.push(x);
  }
  return { v, nul, js };
}

/** The row-wise sort's comparator (`compareItems` key by key, times the direction), written out. */
function rowwise(keys: readonly { js: readonly unknown[]; mult: number }[]): PositionComparator {
  return (a, b) => {
    for (const k of keys) {
      const c = compareItems(k.js[a], k.js[b]);
      if (c !== 0) return c * k.mult;
    }
    return 0;
  };
}

const rateArb = fc.constantFrom(0, 0.01, 0.1, 0.4);

describe('timSortKeys = Array.prototype.sort with the row-wise comparator', () => {
  it(`one number key with NaN and nulls, asc and desc (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(specArb, rateArb, rateArb, fc.constantFrom(1, -1), (spec, nanRate, nullRate, mult) => {
        const k = numKey(spec, nanRate, nullRate);
        const engine = Array.from({ length: spec.n }, (_, i) => i).sort(rowwise([{ js: k.js, mult }]));
        const perm = identity(spec.n);
        timSortKeys(perm, [{ t: 'num', v: k.v, nul: k.nul, mult }]);
        expect(Array.from(perm)).toEqual(engine);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 13 },
    );
  }, TIMEOUT);

  it(`several keys (numbers, strings, constant null) and directions (${RUNS} cases)`, () => {
    const keyKind = fc.constantFrom('num', 'str', 'null');
    fc.assert(
      fc.property(specArb, fc.array(fc.tuple(keyKind, fc.constantFrom(1, -1), rateArb, rateArb), { minLength: 1, maxLength: 3 }), (spec, kinds) => {
        const ours: TimSortKey[] = [];
        const ref: { js: unknown[]; mult: number }[] = [];
        kinds.forEach(([kind, mult, nanRate, nullRate], q) => {
          const s: Spec = { ...spec, seed: (spec.seed + q * 7919) | 0, width: Math.max(2, spec.width >> q) };
          if (kind === 'num') {
            const k = numKey(s, nanRate, nullRate);
            ours.push({ t: 'num', v: k.v, nul: k.nul, mult });
            ref.push({ js: k.js, mult });
          } else if (kind === 'str') {
            const k = numKey(s, 0, nullRate);
            const js = k.js.map((x) => (x === null ? null : String.fromCharCode(97 + (Math.abs(x) % 5))));
            ours.push({ t: 'cmp', cmp: (a, b) => compareItems(js[a], js[b]), mult });
            ref.push({ js, mult });
          } else {
            ours.push({ t: 'null', mult });
            ref.push({ js: new Array<null>(spec.n).fill(null), mult });
          }
        });
        const engine = Array.from({ length: spec.n }, (_, i) => i).sort(rowwise(ref));
        const perm = identity(spec.n);
        timSortKeys(perm, ours);
        expect(Array.from(perm)).toEqual(engine);
        // The fallback's comparator answers as the keys do.
        const viaComparator = Array.from({ length: spec.n }, (_, i) => i).sort(keysComparator(ours));
        expect(viaComparator).toEqual(engine);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 14 },
    );
  }, TIMEOUT);

  it('a long NaN- and null-laden descending key in sorted blocks (galloping, both merge directions)', () => {
    const n = LONG ? 200000 : 20000;
    for (const pattern of ['blocks', 'random', 'descending'] as const) {
      const k = numKey({ pattern, n, seed: 5, width: 4096 }, 0.01, 0.05);
      for (const mult of [1, -1]) {
        const engine = Array.from({ length: n }, (_, i) => i).sort(rowwise([{ js: k.js, mult }]));
        const perm = identity(n);
        timSortKeys(perm, [{ t: 'num', v: k.v, nul: k.nul, mult }]);
        expect(Array.from(perm), `${pattern} ${mult}`).toEqual(engine);
      }
    }
  }, TIMEOUT);
});
