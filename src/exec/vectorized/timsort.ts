/**
 * V8's `Array.prototype.sort` (TimSort, as V8 implements it in
 * `third_party/v8/builtins/array-sort.tq`; the algorithm is CPython's, described in
 * `Objects/listsort.txt`), over a `Uint32Array` of positions, in place.
 *
 * The point is not a good sort but the *same* sort: given the same input sequence and the same
 * comparator answers, every comparison below is asked with the same arguments in the same order
 * as V8 asks them, and every decision (run boundaries and reversal, insertion points, which runs
 * merge, merge direction, galloping and the adaptive `minGallop`) follows the answers the same
 * way, so the output permutation equals `Array.prototype.sort`'s even for comparators that are no
 * order at all (NaN keys, the row-wise "a null left side is lower" rule). Kept on purpose:
 *
 * - V8 only ever asks `compare(x, y) < 0`, so the sorter only asks `lt(x, y)`, with V8's
 *   argument order at each site (the answers are not symmetric for such comparators).
 * - Steps V8 takes on faith are taken on faith here (B's first element moved first in a low
 *   merge, A's last in a high merge; galloping's "impossible for a consistent comparator"
 *   exits), since an inconsistent comparator makes them observable.
 * - Whether arrays shorter than 10 skip run detection (newer V8 sorts them by binary insertion
 *   alone; Node 20's V8 does not) is asked of the running engine once (`probeSmallArrays`).
 *
 * The comparison is one small method with the common key shapes inline (one number key read
 * from a Float64Array and a Uint8Array of nulls), so it compiles into the loops instead of
 * costing a call from the builtin into JS per comparison as `Array.prototype.sort` does.
 * (Moving each key along with its position, so the comparisons read the arrays being merged
 * rather than random places of the key column, measured no faster at 1e6–4e6 rows.)
 */

/** A comparator over positions, read as V8 reads it: only `< 0` matters. */
export type PositionComparator = (a: number, b: number) => number;

/** One sort key over positions (position k's value is at index k). */
export type TimSortKey =
  /** Numbers, `nul[k] === 1` for a null; the row-wise rule: a null left side is always lower. */
  | { readonly t: 'num'; readonly v: Float64Array; readonly nul: Uint8Array; readonly mult: number }
  /** Any other key, compared by `cmp` (then multiplied by `mult`). */
  | { readonly t: 'cmp'; readonly cmp: PositionComparator; readonly mult: number }
  /** A constant null key: every comparison stops here with −`mult`. */
  | { readonly t: 'null'; readonly mult: number };

const MIN_GALLOP = 7;
const MAX_PENDING = 85;

/**
 * The comparison kinds (`Sorter.lt`): one number key inline; two number keys inline; keys one
 * by one; a comparator.
 */
const NUM_ASC = 0;
const NUM_DESC = 1;
const NUM2 = 2;
const KEYS = 3;
const CMP = 4;

const NO_F64 = new Float64Array(0);
const NO_U8 = new Uint8Array(0);
const NO_KEYS: readonly TimSortKey[] = [];

class Sorter {
  private readonly a: Uint32Array;
  private tmp: Uint32Array = new Uint32Array(0);
  private minGallop = MIN_GALLOP;
  private readonly runBase = new Int32Array(MAX_PENDING);
  private readonly runLen = new Int32Array(MAX_PENDING);
  private nRuns = 0;

  // NUM2's keys (the first also NUM_ASC / NUM_DESC's): values, nulls, direction.
  private readonly v: Float64Array;
  private readonly nul: Uint8Array;
  private readonly mult: number;
  private readonly v2: Float64Array;
  private readonly nul2: Uint8Array;
  private readonly mult2: number;

  constructor(
    a: Uint32Array,
    private readonly kind: number,
    private readonly keys: readonly TimSortKey[],
    private readonly cmp: PositionComparator | null,
  ) {
    this.a = a;
    const k0 = keys.length > 0 ? keys[0] : null;
    const k1 = keys.length > 1 ? keys[1] : null;
    this.v = k0 !== null && k0.t === 'num' ? k0.v : NO_F64;
    this.nul = k0 !== null && k0.t === 'num' ? k0.nul : NO_U8;
    this.mult = k0 !== null ? k0.mult : 1;
    this.v2 = k1 !== null && k1.t === 'num' ? k1.v : NO_F64;
    this.nul2 = k1 !== null && k1.t === 'num' ? k1.nul : NO_U8;
    this.mult2 = k1 !== null ? k1.mult : 1;
  }

  /** For the engine's own sort, which only asks whether the answer is negative. */
  before(x: number, y: number): number {
    return this.ltSlow(x, y) ? -1 : 0;
  }

  /** `compare(x, y) < 0`: the only question V8 asks. Kept small so it is inlined. */
  private lt(x: number, y: number): boolean {
    const kind = this.kind;
    if (kind === NUM_DESC) {
      const nul = this.nul;
      if (nul[x] === 1) return false;
      if (nul[y] === 1) return true;
      return this.v[x] > this.v[y];
    }
    if (kind === NUM_ASC) {
      const nul = this.nul;
      if (nul[x] === 1) return true;
      if (nul[y] === 1) return false;
      return this.v[x] < this.v[y];
    }
    if (kind === NUM2) return this.lt2(x, y);
    return this.ltSlow(x, y);
  }

  /** Two number keys (±1 directions), as `ltSlow` answers for them. */
  private lt2(x: number, y: number): boolean {
    const nul = this.nul;
    let c: number;
    if (nul[x] === 1) c = -1;
    else if (nul[y] === 1) c = 1;
    else {
      const vx = this.v[x];
      const vy = this.v[y];
      c = vx < vy ? -1 : vx > vy ? 1 : 0;
    }
    if (c !== 0) return c === -this.mult;
    const nul2 = this.nul2;
    if (nul2[x] === 1) c = -1;
    else if (nul2[y] === 1) c = 1;
    else {
      const vx = this.v2[x];
      const vy = this.v2[y];
      c = vx < vy ? -1 : vx > vy ? 1 : 0;
    }
    return c === -this.mult2;
  }

  private ltSlow(x: number, y: number): boolean {
    if (this.kind === CMP) return (this.cmp as PositionComparator)(x, y) < 0;
    const keys = this.keys;
    for (let q = 0; q < keys.length; q++) {
      const key = keys[q];
      let c: number;
      if (key.t === 'num') {
        const nul = key.nul;
        if (nul[x] === 1) c = -1;
        else if (nul[y] === 1) c = 1;
        else {
          const vx = key.v[x];
          const vy = key.v[y];
          c = vx < vy ? -1 : vx > vy ? 1 : 0;
        }
      } else if (key.t === 'cmp') c = key.cmp(x, y);
      else return -key.mult < 0;
      // As the row-wise comparator: a non-zero answer (NaN included) decides, times the direction.
      if (c !== 0) return c * key.mult < 0;
    }
    return false;
  }

  /** `smallByInsertion`: the engine variant (`engineVariant`). */
  sort(smallByInsertion: boolean): void {
    const n = this.a.length;
    if (n < 2) return;
    if (smallByInsertion && n < 10) {
      this.binaryInsertion(0, 0, n);
      return;
    }
    const minRun = minRunLength(n);
    let low = 0;
    let remaining = n;
    while (remaining !== 0) {
      let run = this.countAndMakeRun(low, low + remaining);
      if (run < minRun) {
        const forced = Math.min(minRun, remaining);
        this.binaryInsertion(low, low + run, low + forced);
        run = forced;
      }
      this.runBase[this.nRuns] = low;
      this.runLen[this.nRuns] = run;
      this.nRuns++;
      this.mergeCollapse();
      low += run;
      remaining -= run;
    }
    this.mergeForceCollapse();
  }

  /** [low, start) is sorted; insert the rest one by one after its last "not before" element. */
  private binaryInsertion(low: number, startArg: number, high: number): void {
    const a = this.a;
    for (let start = low === startArg ? startArg + 1 : startArg; start < high; start++) {
      const pivot = a[start];
      let left = low;
      let right = start;
      while (left < right) {
        const mid = left + ((right - left) >> 1);
        if (this.lt(pivot, a[mid])) right = mid;
        else left = mid + 1;
      }
      for (let p = start; p > left; p--) a[p] = a[p - 1];
      a[left] = pivot;
    }
  }

  /**
   * The run starting at `lowArg`: non-descending, or strictly descending (then reversed). Each
   * element is compared with its predecessor as V8 does (`compare(current, previous)`).
   */
  private countAndMakeRun(lowArg: number, high: number): number {
    const a = this.a;
    const low = lowArg + 1;
    if (low === high) return 1;
    let run = 2;
    const descending = this.lt(a[low], a[low - 1]);
    let prev = a[low];
    for (let i = low + 1; i < high; i++) {
      const cur = a[i];
      const before = this.lt(cur, prev);
      if (descending ? !before : before) break;
      prev = cur;
      run++;
    }
    if (descending) {
      let lo = lowArg;
      let hi = lowArg + run - 1;
      while (lo < hi) {
        const t = a[lo];
        a[lo++] = a[hi];
        a[hi--] = t;
      }
    }
    return run;
  }

  /**
   * V8's collapse rule: CPython's corrected invariant (the 2015 fix: checked on the top three
   * runs *and* on the three below the top one), then len[n] > len[n+1].
   */
  private mergeCollapse(): void {
    const len = this.runLen;
    while (this.nRuns > 1) {
      let n = this.nRuns - 2;
      if (!invariantHolds(len, n + 1) || !invariantHolds(len, n)) {
        if (len[n - 1] < len[n + 1]) n--;
        this.mergeAt(n);
      } else if (len[n] <= len[n + 1]) {
        this.mergeAt(n);
      } else break;
    }
  }

  private mergeForceCollapse(): void {
    const len = this.runLen;
    while (this.nRuns > 1) {
      let n = this.nRuns - 2;
      if (n > 0 && len[n - 1] < len[n + 1]) n--;
      this.mergeAt(n);
    }
  }

  private mergeAt(i: number): void {
    const a = this.a;
    const base = this.runBase;
    const len = this.runLen;
    let baseA = base[i];
    let lenA = len[i];
    const baseB = base[i + 1];
    let lenB = len[i + 1];
    len[i] = lenA + lenB;
    if (i === this.nRuns - 3) {
      base[i + 1] = base[i + 2];
      len[i + 1] = len[i + 2];
    }
    this.nRuns--;

    const k = this.gallopRight(a, a[baseB], baseA, lenA, 0);
    baseA += k;
    lenA -= k;
    if (lenA === 0) return;
    lenB = this.gallopLeft(a, a[baseA + lenA - 1], baseB, lenB, lenB - 1);
    if (lenB === 0) return;
    if (lenA <= lenB) this.mergeLow(baseA, lenA, baseB, lenB);
    else this.mergeHigh(baseA, lenA, baseB, lenB);
  }

  /**
   * The offset in [0, len] of the first element of `arr[base, base+len)` not before `key`,
   * galloping from `hint`. Asks `compare(element, key)`.
   */
  private gallopLeft(arr: Uint32Array, key: number, base: number, len: number, hint: number): number {
    let lastOfs = 0;
    let ofs = 1;
    if (this.lt(arr[base + hint], key)) {
      const maxOfs = len - hint;
      while (ofs < maxOfs) {
        if (!this.lt(arr[base + hint + ofs], key)) break;
        lastOfs = ofs;
        ofs = (ofs << 1) + 1;
        if (ofs <= 0) ofs = maxOfs;
      }
      if (ofs > maxOfs) ofs = maxOfs;
      lastOfs += hint;
      ofs += hint;
    } else {
      const maxOfs = hint + 1;
      while (ofs < maxOfs) {
        if (this.lt(arr[base + hint - ofs], key)) break;
        lastOfs = ofs;
        ofs = (ofs << 1) + 1;
        if (ofs <= 0) ofs = maxOfs;
      }
      if (ofs > maxOfs) ofs = maxOfs;
      const t = lastOfs;
      lastOfs = hint - ofs;
      ofs = hint - t;
    }
    lastOfs++;
    while (lastOfs < ofs) {
      const m = lastOfs + ((ofs - lastOfs) >> 1);
      if (this.lt(arr[base + m], key)) lastOfs = m + 1;
      else ofs = m;
    }
    return ofs;
  }

  /**
   * The offset in [0, len] of the first element of `arr[base, base+len)` that `key` is before,
   * galloping from `hint`. Asks `compare(key, element)`.
   */
  private gallopRight(arr: Uint32Array, key: number, base: number, len: number, hint: number): number {
    let lastOfs = 0;
    let ofs = 1;
    if (this.lt(key, arr[base + hint])) {
      const maxOfs = hint + 1;
      while (ofs < maxOfs) {
        if (!this.lt(key, arr[base + hint - ofs])) break;
        lastOfs = ofs;
        ofs = (ofs << 1) + 1;
        if (ofs <= 0) ofs = maxOfs;
      }
      if (ofs > maxOfs) ofs = maxOfs;
      const t = lastOfs;
      lastOfs = hint - ofs;
      ofs = hint - t;
    } else {
      const maxOfs = len - hint;
      while (ofs < maxOfs) {
        if (this.lt(key, arr[base + hint + ofs])) break;
        lastOfs = ofs;
        ofs = (ofs << 1) + 1;
        if (ofs <= 0) ofs = maxOfs;
      }
      if (ofs > maxOfs) ofs = maxOfs;
      lastOfs += hint;
      ofs += hint;
    }
    lastOfs++;
    while (lastOfs < ofs) {
      const m = lastOfs + ((ofs - lastOfs) >> 1);
      if (this.lt(key, arr[base + m])) ofs = m;
      else lastOfs = m + 1;
    }
    return ofs;
  }

  private temp(size: number): Uint32Array {
    if (this.tmp.length < size) this.tmp = new Uint32Array(Math.max(size, this.a.length >>> 1));
    return this.tmp;
  }

  /** Merges A = [baseA, +lenA) and B = [baseB, +lenB) left to right, A copied out (lenA <= lenB). */
  private mergeLow(baseA: number, lenAArg: number, baseB: number, lenBArg: number): void {
    const a = this.a;
    const tmp = this.temp(lenAArg);
    let lenA = lenAArg;
    let lenB = lenBArg;
    tmp.set(a.subarray(baseA, baseA + lenA), 0);
    let dest = baseA;
    let cA = 0;
    let cB = baseB;
    // V8 moves B's first element unasked (mergeAt's gallop put it there for a consistent order).
    a[dest++] = a[cB++];
    // 0: normal end (copy what is left of A); 1: A's last element goes after the rest of B.
    let exit = 0;
    outer: {
      if (--lenB === 0) break outer;
      if (lenA === 1) {
        exit = 1;
        break outer;
      }
      let minGallop = this.minGallop;
      for (;;) {
        let winsA = 0;
        let winsB = 0;
        for (;;) {
          if (this.lt(a[cB], tmp[cA])) {
            a[dest++] = a[cB++];
            winsB++;
            lenB--;
            winsA = 0;
            if (lenB === 0) break outer;
            if (winsB >= minGallop) break;
          } else {
            a[dest++] = tmp[cA++];
            winsA++;
            lenA--;
            winsB = 0;
            if (lenA === 1) {
              exit = 1;
              break outer;
            }
            if (winsA >= minGallop) break;
          }
        }
        minGallop++;
        let first = true;
        while (winsA >= MIN_GALLOP || winsB >= MIN_GALLOP || first) {
          first = false;
          minGallop = Math.max(1, minGallop - 1);
          this.minGallop = minGallop;
          winsA = this.gallopRight(tmp, a[cB], cA, lenA, 0);
          if (winsA > 0) {
            a.set(tmp.subarray(cA, cA + winsA), dest);
            dest += winsA;
            cA += winsA;
            lenA -= winsA;
            if (lenA === 1) {
              exit = 1;
              break outer;
            }
            // Impossible for a consistent comparator; V8 then ends the merge as normal.
            if (lenA === 0) break outer;
          }
          a[dest++] = a[cB++];
          if (--lenB === 0) break outer;
          winsB = this.gallopLeft(a, tmp[cA], cB, lenB, 0);
          if (winsB > 0) {
            a.copyWithin(dest, cB, cB + winsB);
            dest += winsB;
            cB += winsB;
            lenB -= winsB;
            if (lenB === 0) break outer;
          }
          a[dest++] = tmp[cA++];
          if (--lenA === 1) {
            exit = 1;
            break outer;
          }
        }
        minGallop++;
        this.minGallop = minGallop;
      }
    }
    if (exit === 0) {
      if (lenA > 0) a.set(tmp.subarray(cA, cA + lenA), dest);
    } else {
      a.copyWithin(dest, cB, cB + lenB);
      a[dest + lenB] = tmp[cA];
    }
  }

  /** Merges A and B right to left, B copied out (lenA >= lenB). */
  private mergeHigh(baseA: number, lenAArg: number, baseB: number, lenBArg: number): void {
    const a = this.a;
    const tmp = this.temp(lenBArg);
    let lenA = lenAArg;
    let lenB = lenBArg;
    tmp.set(a.subarray(baseB, baseB + lenB), 0);
    let dest = baseB + lenB - 1;
    let cB = lenB - 1;
    let cA = baseA + lenA - 1;
    // V8 moves A's last element unasked (mergeAt's gallop put it there for a consistent order).
    a[dest--] = a[cA--];
    // 0: normal end (copy what is left of B); 1: B's first element goes before the rest of A.
    let exit = 0;
    outer: {
      if (--lenA === 0) break outer;
      if (lenB === 1) {
        exit = 1;
        break outer;
      }
      let minGallop = this.minGallop;
      for (;;) {
        let winsA = 0;
        let winsB = 0;
        for (;;) {
          if (this.lt(tmp[cB], a[cA])) {
            a[dest--] = a[cA--];
            winsA++;
            lenA--;
            winsB = 0;
            if (lenA === 0) break outer;
            if (winsA >= minGallop) break;
          } else {
            a[dest--] = tmp[cB--];
            winsB++;
            lenB--;
            winsA = 0;
            if (lenB === 1) {
              exit = 1;
              break outer;
            }
            if (winsB >= minGallop) break;
          }
        }
        minGallop++;
        let first = true;
        while (winsA >= MIN_GALLOP || winsB >= MIN_GALLOP || first) {
          first = false;
          minGallop = Math.max(1, minGallop - 1);
          this.minGallop = minGallop;
          let k = this.gallopRight(a, tmp[cB], baseA, lenA, lenA - 1);
          winsA = lenA - k;
          if (winsA > 0) {
            dest -= winsA;
            cA -= winsA;
            a.copyWithin(dest + 1, cA + 1, cA + 1 + winsA);
            lenA -= winsA;
            if (lenA === 0) break outer;
          }
          a[dest--] = tmp[cB--];
          if (--lenB === 1) {
            exit = 1;
            break outer;
          }
          k = this.gallopLeft(tmp, a[cA], 0, lenB, lenB - 1);
          winsB = lenB - k;
          if (winsB > 0) {
            dest -= winsB;
            cB -= winsB;
            a.set(tmp.subarray(cB + 1, cB + 1 + winsB), dest + 1);
            lenB -= winsB;
            if (lenB === 1) {
              exit = 1;
              break outer;
            }
            // Impossible for a consistent comparator; V8 then ends the merge as normal.
            if (lenB === 0) break outer;
          }
          a[dest--] = a[cA--];
          if (--lenA === 0) break outer;
        }
        minGallop++;
        this.minGallop = minGallop;
      }
    }
    if (exit === 0) {
      if (lenB > 0) a.set(tmp.subarray(0, lenB), dest - (lenB - 1));
    } else {
      dest -= lenA;
      cA -= lenA;
      a.copyWithin(dest + 1, cA + 1, cA + 1 + lenA);
      a[dest] = tmp[cB];
    }
  }
}

/** n below 64 as is; else a value in [32, 64] such that n / minrun is at most a power of two. */
function minRunLength(nArg: number): number {
  let n = nArg;
  let r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

/** len[n-2] > len[n-1] + len[n] (vacuous below the third run). */
function invariantHolds(len: Int32Array, n: number): boolean {
  if (n < 2) return true;
  return len[n - 2] > len[n - 1] + len[n];
}

/** Sorts `perm` in place exactly as `Array.from(perm).sort(cmp)` orders it. */
export function timSort(perm: Uint32Array, cmp: PositionComparator): void {
  const variant = engineVariant();
  if (variant === null) engineSort(perm, cmp);
  else new Sorter(perm, CMP, NO_KEYS, cmp).sort(variant);
}

/**
 * Sorts positions in place as `Array.prototype.sort` with the row-wise key comparator orders
 * them: key by key, the first non-zero answer times the key's `mult` decides (0 past the last).
 */
export function timSortKeys(perm: Uint32Array, keys: readonly TimSortKey[]): void {
  // Every answer 0: V8 finds one ascending run and moves nothing.
  if (keys.length === 0) return;
  const variant = engineVariant();
  if (variant === null) {
    engineSort(perm, keysComparator(keys));
    return;
  }
  // The inline kinds stand for number keys answering ±1 / 0; anything else goes key by key.
  const inline = keys.every((k) => k.t === 'num' && (k.mult === 1 || k.mult === -1));
  const kind = !inline || keys.length > 2 ? KEYS : keys.length === 2 ? NUM2 : keys[0].mult === 1 ? NUM_ASC : NUM_DESC;
  new Sorter(perm, kind, keys, null).sort(variant);
}

/**
 * A comparator over positions that `Array.prototype.sort` reads as `timSortKeys` reads the keys
 * (its answer is −1 or 0: only "negative or not" is ever asked).
 */
export function keysComparator(keys: readonly TimSortKey[]): PositionComparator {
  const s = new Sorter(new Uint32Array(0), KEYS, keys, null);
  return (a, b) => s.before(a, b);
}

/** `Array.prototype.sort` itself, for an engine whose sort is not this one. */
function engineSort(perm: Uint32Array, cmp: PositionComparator): void {
  const xs = Array.from(perm);
  xs.sort(cmp);
  perm.set(xs);
}

/**
 * Whether this engine's `Array.prototype.sort` is this TimSort, and in which variant: `false`
 * when it finds a first run in arrays shorter than 10 too (Node 20's V8), `true` when it sorts
 * those by binary insertion alone (newer V8), `null` when neither asks the same questions.
 * Decided once, on probes, by the questions the engine asks.
 */
export function engineVariant(): boolean | null {
  if (variant === undefined) variant = probeEngine();
  return variant;
}

let variant: boolean | null | undefined;

function probeEngine(): boolean | null {
  for (const small of [false, true]) {
    if (PROBES.every((input) => questions(input, (xs, cmp) => new Sorter(xs, CMP, NO_KEYS, cmp).sort(small)) === questions(input, engineSort))) return small;
  }
  return null;
}

/**
 * A strictly descending prefix then ascending values (run detection asks about the first pairs
 * in an order binary insertion does not), and 700 values compared through a table that is no
 * order (runs, merges both ways, galloping).
 */
const PROBES: readonly Uint32Array[] = [
  Uint32Array.from([5, 4, 0, 1, 2, 3, 8, 7, 6]),
  Uint32Array.from({ length: 700 }, (_, i) => (i < 300 ? i >> 2 : i < 500 ? 700 - i : (i * 7919) % 701)),
];

/** The comparisons a sort asks, in order, with answers from a fixed non-transitive table. */
function questions(input: Uint32Array, sort: (xs: Uint32Array, cmp: PositionComparator) => void): string {
  const log: number[] = [];
  sort(input.slice(), (x, y) => {
    log.push(x, y);
    const d = (x >> 3) - (y >> 3);
    return d !== 0 ? d : ((x * 31 + y * 17) % 5) - 2;
  });
  return log.join(',');
}
