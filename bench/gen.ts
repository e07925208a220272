/**
 * Seeded synthetic W&B history (`runs.history.concat`) for the benchmarks. Every engine in every
 * process sees identical data.
 *
 * N rows over R runs; by default each run contributes a contiguous block of N/R rows:
 *   _step : Int32   0 .. N/R−1 within the run
 *   epoch : Int32   0 .. 99 (step bucketed into 100 epochs)
 *   loss  : Float64 ≈ u·(1.5 − epoch/100); `nullRate` nulls (validity bitmap, slot value 0) and
 *           `lossNanRate` NaNs (default 0, so `avg` stays a number)
 *   acc   : Float64 ≈ 1 − loss/2 + noise; `nullRate` nulls and `nanRate` NaNs
 *   run   : Dictionary<Utf8, Int32> over "run-000" … (R names)
 * `shuffle` permutes the rows (keys no longer clustered).
 */
import * as A from 'apache-arrow';

export const NUM_EPOCHS = 100;
export const LRS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];

export interface GenOptions {
  readonly n: number;
  readonly runs: number;
  readonly seed: number;
  readonly nullRate: number;
  readonly nanRate: number;
  readonly lossNanRate: number;
  readonly shuffle: boolean;
  /** Record-batch size of the Arrow table (0 = one chunk). */
  readonly chunk: number;
}

export const DEFAULT_GEN: Omit<GenOptions, 'n'> = {
  runs: 100,
  seed: 42,
  nullRate: 0.01,
  nanRate: 0.001,
  lossNanRate: 0,
  shuffle: false,
  chunk: 0,
};

export interface History {
  readonly n: number;
  readonly runs: number;
  readonly step: Int32Array;
  readonly epoch: Int32Array;
  readonly loss: Float64Array;
  /** Arrow validity bitmap of `loss` (offset 0). */
  readonly lossValid: Uint8Array;
  readonly lossNulls: number;
  readonly acc: Float64Array;
  readonly accValid: Uint8Array;
  readonly accNulls: number;
  readonly run: Int32Array;
  readonly runNames: string[];
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function isValidBit(bits: Uint8Array, i: number): boolean {
  return (bits[i >>> 3] & (1 << (i & 7))) !== 0;
}

export function genHistory(o: GenOptions): History {
  const { n, runs: R } = o;
  const rnd = mulberry32(o.seed);
  const perRun = Math.max(1, Math.floor(n / R));
  const step = new Int32Array(n);
  const epoch = new Int32Array(n);
  const loss = new Float64Array(n);
  const acc = new Float64Array(n);
  const run = new Int32Array(n);
  const bytes = ((n + 63) >>> 6) << 3;
  const lossValid = new Uint8Array(bytes);
  const accValid = new Uint8Array(bytes);
  let lossNulls = 0;
  let accNulls = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.min(R - 1, Math.floor(i / perRun));
    const s = i - r * perRun;
    const e = Math.min(NUM_EPOCHS - 1, Math.floor((s * NUM_EPOCHS) / perRun));
    step[i] = s;
    epoch[i] = e;
    run[i] = r;
    const u = rnd();
    const l = u * (1.5 - e / 100);
    if (rnd() < o.nullRate) lossNulls++;
    else {
      loss[i] = rnd() < o.lossNanRate ? NaN : l;
      lossValid[i >>> 3] |= 1 << (i & 7);
    }
    const a = 1 - l / 2 + (rnd() - 0.5) * 0.1;
    if (rnd() < o.nullRate) accNulls++;
    else {
      acc[i] = rnd() < o.nanRate ? NaN : a;
      accValid[i >>> 3] |= 1 << (i & 7);
    }
  }
  const runNames = Array.from({ length: R }, (_, r) => `run-${String(r).padStart(3, '0')}`);
  const h: History = { n, runs: R, step, epoch, loss, lossValid, lossNulls, acc, accValid, accNulls, run, runNames };
  return o.shuffle ? shuffleHistory(h, mulberry32(o.seed + 1)) : h;
}

function shuffleHistory(h: History, rnd: () => number): History {
  const n = h.n;
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const bytes = h.lossValid.length;
  const lossValid = new Uint8Array(bytes);
  const accValid = new Uint8Array(bytes);
  const step = new Int32Array(n);
  const epoch = new Int32Array(n);
  const loss = new Float64Array(n);
  const acc = new Float64Array(n);
  const run = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = perm[k];
    step[k] = h.step[i];
    epoch[k] = h.epoch[i];
    loss[k] = h.loss[i];
    acc[k] = h.acc[i];
    run[k] = h.run[i];
    if (isValidBit(h.lossValid, i)) lossValid[k >>> 3] |= 1 << (k & 7);
    if (isValidBit(h.accValid, i)) accValid[k >>> 3] |= 1 << (k & 7);
  }
  return { ...h, step, epoch, loss, acc, run, lossValid, accValid };
}

/** Zero-copy Arrow table over the generated arrays (optionally re-chunked into record batches). */
export function historyArrow(h: History, chunk = 0): A.Table {
  const n = h.n;
  const lossVec = A.makeVector(A.makeData({ type: new A.Float64(), length: n, nullCount: h.lossNulls, nullBitmap: h.lossValid, data: h.loss }));
  const accVec = A.makeVector(A.makeData({ type: new A.Float64(), length: n, nullCount: h.accNulls, nullBitmap: h.accValid, data: h.acc }));
  const dict = A.vectorFromArray(h.runNames, new A.Utf8());
  const runVec = A.makeVector(
    A.makeData({ type: new A.Dictionary(new A.Utf8(), new A.Int32()), length: n, nullCount: 0, data: h.run, dictionary: dict }),
  );
  const cols = { _step: A.makeVector(h.step), epoch: A.makeVector(h.epoch), loss: lossVec, acc: accVec, run: runVec };
  if (!chunk || chunk >= n) return new A.Table(cols);
  const batches: A.RecordBatch[] = [];
  for (let b = 0; b < n; b += chunk) {
    const e = Math.min(n, b + chunk);
    const sliced: Record<string, A.Vector> = {};
    for (const [k, v] of Object.entries(cols)) sliced[k] = (v as A.Vector).slice(b, e);
    batches.push(...new A.Table(sliced).batches);
  }
  return new A.Table(batches);
}

export interface HistoryRow {
  _step: number;
  epoch: number;
  loss: number | null;
  acc: number | null;
  run: string;
}

/** Plain JS row objects (what a row-by-row engine holds, and what JSON history looks like). */
export function historyRows(h: History): HistoryRow[] {
  const rows = new Array<HistoryRow>(h.n);
  for (let i = 0; i < h.n; i++) {
    rows[i] = {
      _step: h.step[i],
      epoch: h.epoch[i],
      loss: isValidBit(h.lossValid, i) ? h.loss[i] : null,
      acc: isValidBit(h.accValid, i) ? h.acc[i] : null,
      run: h.runNames[h.run[i]],
    };
  }
  return rows;
}

/** The runs table for joins: name and a config value (learning rate). */
export function runsTable(h: History): { name: string; lr: number }[] {
  return h.runNames.map((name, r) => ({ name, lr: LRS[r % LRS.length] }));
}

/**
 * Sparse run summaries for W6: `loss` (a number, or the string "diverged" in 2% of runs — a
 * union-typed key), a nested `opt.lr.value`, and 40 optional keys present with 30% probability.
 */
export function genSummaries(count: number, seed: number): Record<string, unknown>[] {
  const rnd = mulberry32(seed ^ 0x5bd1e995);
  const out: Record<string, unknown>[] = [];
  for (let r = 0; r < count; r++) {
    const s: Record<string, unknown> = { _step: Math.floor(rnd() * 1000) };
    const x = rnd();
    if (x < 0.02) s.loss = 'diverged';
    else if (x < 0.05) {
      /* missing */
    } else s.loss = rnd();
    s.opt = { lr: { value: LRS[r % LRS.length] } };
    for (let k = 0; k < 40; k++) if (rnd() < 0.3) s[`m${k}`] = rnd();
    out.push(s);
  }
  return out;
}
