/**
 * Generates the demo workspace (docs/workspace.md): one entity `wandb-demo`, projects
 * `mnist-sweeps` (40 runs) and `llm-finetune` (20 runs), 2,000-step histories (one JSON Lines file
 * per run, loaded lazily), 40+ summary keys with nested dicts, a few NaN/Infinity, table
 * references, and two versioned artifacts holding a typed table, a joined table, a partitioned
 * table and a PNG. Deterministic: the same seed gives byte-identical files.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { stringifyJsonExtended } from '../../src/backends/json.js';

// ---------------------------------------------------------------------------------------------
// Seeded randomness and number formatting
// ---------------------------------------------------------------------------------------------

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  logUniform(lo: number, hi: number): number {
    return Math.exp(this.uniform(Math.log(lo), Math.log(hi)));
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  id(len = 8): string {
    const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < len; i++) s += abc[Math.floor(this.next() * abc.length)];
    return s;
  }
}

/** Rounds to 6 significant digits (smaller files, stable text). */
const r6 = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) : x);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

const BASE_MS = Date.UTC(2024, 2, 1, 9, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

// ---------------------------------------------------------------------------------------------
// Tiny PNG writer (grayscale, 8-bit)
// ---------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A valid grayscale PNG of `pixels` (row-major, `width * height` bytes). */
export function encodePng(width: number, height: number, pixels: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', new Uint8Array(deflateSync(raw, { level: 9 }))),
    pngChunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A 16×16 blurry "digit": a ring for 0, a bar for 1, noise-shaded otherwise. */
function digitImage(rng: Rng, digit: number): Uint8Array {
  const px = new Uint8Array(16 * 16);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const dx = x - 7.5;
      const dy = y - 7.5;
      const ring = Math.abs(Math.hypot(dx, dy * 0.8) - 5) < 1.4;
      const bar = Math.abs(dx - (digit - 4.5) * 0.6) < 1.2 && Math.abs(dy) < 6;
      const on = digit === 0 ? ring : digit === 1 ? bar : ring !== bar;
      px[y * 16 + x] = clamp(Math.round((on ? 230 : 20) + rng.normal() * 12), 0, 255);
    }
  }
  return px;
}

// ---------------------------------------------------------------------------------------------
// Workspace model
// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

interface Out {
  files: Map<string, Uint8Array | string>;
}

const ADJ = ['crisp', 'dainty', 'vivid', 'hardy', 'lucky', 'misty', 'proud', 'quiet', 'rosy', 'swift', 'sunny', 'wild', 'fresh', 'bright', 'gentle', 'noble'];
const NOUN = ['sunset', 'river', 'forest', 'meadow', 'comet', 'glade', 'harbor', 'lake', 'field', 'wave', 'dream', 'flower', 'star', 'violet', 'smoke', 'paper'];
const USERS = [
  { username: 'alice', name: 'Alice Nguyen', email: 'alice@example.com', teams: ['wandb-demo'] },
  { username: 'bob', name: 'Bob Okafor', email: 'bob@example.com', teams: ['wandb-demo'] },
  { username: 'carol', name: 'Carol Silva', email: 'carol@example.com', teams: ['wandb-demo'] },
  { username: 'dave', name: 'Dave Kim', email: 'dave@example.com', teams: ['wandb-demo'] },
];
const ENTITY = 'wandb-demo';
const STEPS = 2000;
const VAL_EVERY = 100;

function wrapConfig(c: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(c)) out[k] = { value: v, desc: null };
  out._wandb = { value: { cli_version: '0.17.0', python_version: '3.11.7', framework: 'torch' }, desc: null };
  return out;
}

interface RunPlan {
  name: string;
  displayName: string;
  config: Obj;
  quality: number; // 0 (bad) .. 1 (good)
  diverged: boolean;
  state: string;
  createdMs: number;
  runtime: number;
  user: string;
}

function schedule(lr: number, step: number, kind: string): number {
  const t = step / (STEPS - 1);
  const warm = Math.min(1, step / 100);
  if (kind === 'cosine') return lr * warm * 0.5 * (1 + Math.cos(Math.PI * t));
  if (kind === 'step') return lr * warm * 0.1 ** Math.floor(t * 3);
  return lr * warm;
}

/** History rows and the series the summary is built from. */
function makeHistory(rng: Rng, plan: RunPlan, llm: boolean): { rows: Obj[]; last: Obj; bestVal: { loss: number; acc: number; step: number } } {
  const epochs = plan.config.epochs as number;
  const lr0 = plan.config.lr as number;
  const sched = (plan.config.scheduler as string | undefined) ?? 'cosine';
  const start = llm ? 2.4 + rng.uniform(0, 0.4) : 2.3;
  const floor = llm ? 0.55 + (1 - plan.quality) * 0.6 : 0.02 + (1 - plan.quality) * 0.35;
  const speed = 2.5 + plan.quality * 4;
  const rows: Obj[] = [];
  const bestVal = { loss: Infinity, acc: 0, step: 0 };
  const t0 = plan.createdMs / 1000;
  let last: Obj = {};
  for (let step = 0; step < STEPS; step++) {
    const t = step / (STEPS - 1);
    let loss = floor + (start - floor) * Math.exp(-speed * t) + rng.normal() * 0.03 * (1 - t * 0.5);
    if (plan.diverged && t > 0.6) loss = t > 0.62 ? Number.NaN : loss * 40;
    const acc = llm ? clamp(0.3 + 0.55 * (1 - Math.exp(-speed * t)) * plan.quality + rng.normal() * 0.01, 0, 1) : clamp(1 - loss / 2.4 + rng.normal() * 0.01, 0, 1);
    const runtime = ((step + 1) / STEPS) * plan.runtime;
    const row: Obj = {
      _step: step,
      _runtime: r3(runtime),
      _timestamp: r3(t0 + runtime),
      epoch: Math.min(epochs - 1, Math.floor((step / STEPS) * epochs)),
      loss: r6(loss),
      acc: r6(acc),
      lr: r6(schedule(lr0, step, sched)),
    };
    if (step % 10 === 0) row.grad_norm = plan.diverged && t > 0.61 ? Number.POSITIVE_INFINITY : r6(Math.abs(1.5 * Math.exp(-2 * t) + rng.normal() * 0.2));
    if ((step + 1) % VAL_EVERY === 0) {
      const vl = Number.isNaN(loss) ? Number.NaN : r6(loss * (1.05 + (1 - plan.quality) * 0.2) + Math.abs(rng.normal()) * 0.02);
      const va = r6(clamp(acc - 0.01 - (1 - plan.quality) * 0.03 + rng.normal() * 0.005, 0, 1));
      row.val_loss = vl;
      row.val_acc = va;
      if (!Number.isNaN(vl) && vl < bestVal.loss) {
        bestVal.loss = vl;
        bestVal.acc = va;
        bestVal.step = step;
      }
      if (llm && (step + 1) % 500 === 0) row['eval/perplexity'] = Number.isNaN(vl) ? Number.NaN : r6(Math.exp(vl));
    }
    rows.push(row);
    last = { ...last, ...row };
  }
  return { rows, last, bestVal };
}

function tableRef(path: string, text: string, ncols: number, nrows: number, artifactHexId?: string): Obj {
  const ref: Obj = {
    _type: 'table-file',
    path,
    sha256: pseudoSha(text),
    size: new TextEncoder().encode(text).length,
    ncols,
    nrows,
    log_mode: 'IMMUTABLE',
  };
  if (artifactHexId) ref.artifact_path = `wandb-artifact://${artifactHexId}/${path.split('/').pop()!.replace(/_\d+\.table\.json$/, '.table.json')}`;
  return ref;
}

/** A stable 64-hex digest of text (FNV-based; for reference objects only, not security). */
function pseudoSha(text: string): string {
  let out = '';
  for (let k = 0; k < 4; k++) {
    let h = 0x811c9dc5 ^ k;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
    out += (Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

function summaryFor(rng: Rng, plan: RunPlan, h: ReturnType<typeof makeHistory>, llm: boolean, table: Obj): Obj {
  const last = h.last;
  const testAcc = plan.diverged ? Number.NaN : r6(clamp((last.val_acc as number) - 0.005 + rng.normal() * 0.004, 0, 1));
  const precision = r6(clamp(testAcc - 0.01 + rng.normal() * 0.005, 0, 1));
  const recall = r6(clamp(testAcc - 0.015 + rng.normal() * 0.005, 0, 1));
  const f1 = r6((2 * precision * recall) / (precision + recall));
  const s: Obj = {
    _step: STEPS - 1,
    _runtime: last._runtime,
    _timestamp: last._timestamp,
    _wandb: { runtime: Math.round(plan.runtime) },
    epoch: last.epoch,
    loss: last.loss,
    acc: last.acc,
    lr: last.lr,
    grad_norm: last.grad_norm,
    val_loss: last.val_loss,
    val_acc: last.val_acc,
    best_val_loss: Number.isFinite(h.bestVal.loss) ? h.bestVal.loss : Number.NaN,
    best_val_acc: h.bestVal.acc,
    best_step: h.bestVal.step,
    'test/acc': testAcc,
    'test/loss': plan.diverged ? Number.NaN : r6((last.val_loss as number) * 1.02),
    'test/precision': precision,
    'test/recall': recall,
    'test/f1': f1,
    eval: { acc: testAcc, loss: s6(last.val_loss), f1, calibration: { ece: r6(Math.abs(rng.normal()) * 0.03), brier: r6(0.05 + (1 - plan.quality) * 0.1) } },
    confusion: { tp: rng.int(800, 990), fp: rng.int(5, 90), fn: rng.int(5, 90), tn: rng.int(8000, 9000) },
    'train/throughput': r6(rng.uniform(800, 4000) * (llm ? 0.05 : 1)),
    'train/samples_seen': (plan.config.batch_size as number) * STEPS,
    'gpu/mem_gb': r6(llm ? rng.uniform(40, 78) : rng.uniform(1.5, 9)),
    'gpu/util': r6(rng.uniform(0.55, 0.98)),
    'gpu/temp_c': rng.int(55, 83),
    params_millions: r6(llm ? rng.uniform(6500, 8200) / 100 : ((plan.config.layers as number) * (plan.config.hidden_size as number) ** 2) / 1e6),
    total_time_sec: Math.round(plan.runtime),
    early_stopped: plan.state === 'finished' && rng.chance(0.15),
    diverged: plan.diverged,
    best_checkpoint: `checkpoints/step_${h.bestVal.step}.pt`,
    git_commit: rng.id(12),
    [llm ? 'eval_samples' : 'predictions']: table,
  };
  if (llm) {
    s['eval/perplexity'] = plan.diverged ? Number.NaN : r6(Math.exp(last.val_loss as number));
    s['eval/rougeL'] = r6(clamp(0.25 + plan.quality * 0.25 + rng.normal() * 0.01, 0, 1));
    s['eval/bleu'] = r6(clamp(0.12 + plan.quality * 0.2 + rng.normal() * 0.01, 0, 1));
    s.tokens_seen = STEPS * (plan.config.batch_size as number) * (plan.config.max_seq_len as number);
    for (const task of ['arc_easy', 'hellaswag', 'mmlu', 'truthfulqa', 'gsm8k', 'winogrande']) {
      s[`bench/${task}`] = r6(clamp(0.3 + plan.quality * 0.35 + rng.normal() * 0.03, 0, 1));
    }
  } else {
    for (let d = 0; d < 10; d++) s[`class_acc/${d}`] = plan.diverged ? Number.NaN : r6(clamp(testAcc + rng.normal() * 0.02, 0, 1));
  }
  return s;
}

function s6(v: Json | undefined): Json {
  return typeof v === 'number' ? r6(v * 1.01) : null;
}

function mnistPlans(rng: Rng): RunPlan[] {
  const plans: RunPlan[] = [];
  for (let i = 0; i < 40; i++) {
    // Run 6 is the sweep's cautionary tale: SGD with a large learning rate diverges (NaN loss).
    const forcedDiverge = i === 5;
    const optimizer = forcedDiverge ? 'sgd' : rng.pick(['adam', 'adamw', 'sgd', 'rmsprop']);
    const lr = forcedDiverge ? 0.08 : r6(rng.logUniform(1e-4, 1e-1));
    const layers = rng.int(2, 6);
    const hidden = rng.pick([64, 128, 256, 512]);
    const dropout = r3(rng.uniform(0, 0.5));
    const config: Obj = {
      lr,
      batch_size: rng.pick([32, 64, 128, 256]),
      optimizer,
      layers,
      hidden_size: hidden,
      dropout,
      epochs: 20,
      weight_decay: r6(rng.logUniform(1e-6, 1e-2)),
      activation: rng.pick(['relu', 'gelu', 'tanh']),
      scheduler: rng.pick(['cosine', 'step', 'none']),
      augment: rng.chance(0.5),
      seed: rng.int(0, 9999),
      dataset: 'mnist',
      model: { arch: 'mlp', layers, hidden_size: hidden, norm: rng.pick(['batch', 'layer', 'none']) },
    };
    const diverged = forcedDiverge || (optimizer === 'sgd' && lr > 0.05 && plans.filter((p) => p.diverged).length < 2);
    const badLr = Math.abs(Math.log10(lr) + 2.5);
    const quality = clamp(1 - badLr * 0.3 - dropout * 0.3 + (optimizer.startsWith('adam') ? 0.1 : 0) + rng.normal() * 0.05, 0.05, 1);
    plans.push({
      name: rng.id(),
      displayName: `${rng.pick(ADJ)}-${rng.pick(NOUN)}-${i + 1}`,
      config,
      quality,
      diverged,
      state: diverged ? 'crashed' : i === 39 ? 'running' : rng.chance(0.06) ? 'failed' : 'finished',
      createdMs: BASE_MS + i * 47 * 60_000 + rng.int(0, 600) * 1000,
      runtime: rng.uniform(600, 2400),
      user: rng.pick(USERS).username,
    });
  }
  return plans;
}

function llmPlans(rng: Rng): RunPlan[] {
  const plans: RunPlan[] = [];
  for (let i = 0; i < 20; i++) {
    const lr = r6(rng.logUniform(1e-5, 3e-4));
    const loraR = rng.pick([8, 16, 32, 64]);
    const config: Obj = {
      base_model: rng.pick(['llama-3-8b', 'mistral-7b', 'qwen2-7b']),
      lr,
      batch_size: rng.pick([4, 8, 16]),
      grad_accum: rng.pick([1, 2, 4, 8]),
      epochs: 3,
      max_seq_len: rng.pick([1024, 2048, 4096]),
      warmup_steps: rng.pick([50, 100, 200]),
      optimizer: 'adamw',
      precision: 'bf16',
      dataset: rng.pick(['alpaca-cleaned', 'dolly-15k', 'oasst1']),
      scheduler: 'cosine',
      lora: { r: loraR, alpha: loraR * 2, dropout: r3(rng.uniform(0, 0.1)), target_modules: ['q_proj', 'v_proj'] },
    };
    const quality = clamp(1 - Math.abs(Math.log10(lr) + 4) * 0.4 + loraR / 256 + rng.normal() * 0.05, 0.1, 1);
    plans.push({
      name: rng.id(),
      displayName: `${rng.pick(ADJ)}-${rng.pick(NOUN)}-${i + 1}`,
      config,
      quality,
      diverged: i === 7,
      state: i === 7 ? 'crashed' : i === 19 ? 'running' : 'finished',
      createdMs: BASE_MS + 14 * 86_400_000 + i * 3 * 3_600_000 + rng.int(0, 3600) * 1000,
      runtime: rng.uniform(3 * 3600, 9 * 3600),
      user: rng.pick(USERS).username,
    });
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------
// Tables and artifacts
// ---------------------------------------------------------------------------------------------

const NUMBER = { wb_type: 'number' };
const STRING = { wb_type: 'string' };
const typedDict = (m: Obj): Obj => ({ wb_type: 'typedDict', params: { type_map: m } });

function artifactTable(columns: string[], data: Json[][], types: Obj): string {
  return stringifyJsonExtended(
    { _type: 'table', column_types: typedDict(types), columns, data, ncols: columns.length, nrows: data.length, log_mode: 'IMMUTABLE' },
  );
}

/** The run-file form of a logged table: columns + data only. */
function runTable(columns: string[], data: Json[][]): string {
  return stringifyJsonExtended({ columns, data });
}

function mnistPredRows(rng: Rng, quality: number, n: number): Json[][] {
  const rows: Json[][] = [];
  for (let i = 0; i < n; i++) {
    const truth = rng.int(0, 9);
    const right = rng.chance(0.7 + quality * 0.29);
    const guess = right ? truth : (truth + rng.int(1, 9)) % 10;
    rows.push([i, truth, guess, r6(right ? rng.uniform(0.7, 1) : rng.uniform(0.3, 0.7))]);
  }
  return rows;
}

const PROMPTS = [
  'Summarize the plot of Hamlet in one sentence.',
  'Translate "good morning" into French.',
  'Write a haiku about gradient descent.',
  'What is the capital of Australia?',
  'Explain overfitting to a child.',
  'List three prime numbers greater than 50.',
];

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function b64id(text: string): { id: string; hex: string } {
  const bytes = new TextEncoder().encode(text);
  return { id: Buffer.from(bytes).toString('base64'), hex: Buffer.from(bytes).toString('hex') };
}

export async function generateDemoWorkspace(outDir: string, seed = 42): Promise<void> {
  const rng = new Rng(seed);
  const out: Out = { files: new Map() };
  const put = (path: string, body: Uint8Array | string): string => {
    out.files.set(path, body);
    return path;
  };

  // --- artifacts of mnist-sweeps -------------------------------------------------------------
  const datasetVersions: Obj[] = [];
  for (let v = 0; v < 3; v++) {
    const n = 24 + v * 8;
    const rows: Json[][] = [];
    for (let i = 0; i < n; i++) {
      const label = rng.int(0, 9);
      rows.push([i, label, rng.pick(['train', 'train', 'train', 'val']), r6(rng.uniform(0.08, 0.2)), r6(rng.uniform(0.2, 0.4))]);
    }
    const base = `files/artifacts/mnist-sweeps/mnist-dataset/v${v}`;
    datasetVersions.push({
      id: b64id(`Artifact:${ENTITY}/mnist-sweeps/mnist-dataset:v${v}`).id,
      aliases: v === 2 ? ['latest'] : v === 1 ? ['production'] : [],
      createdAt: iso(BASE_MS - (3 - v) * 86_400_000),
      description: `MNIST subset, revision ${v + 1}`,
      metadata: { source: 'yann.lecun.com', rows: n, revision: v + 1, normalize: { mean: 0.1307, std: 0.3081 } },
      files: {
        'samples.table.json': {
          path: put(
            `${base}/samples.table.json`,
            artifactTable(['id', 'label', 'split', 'pixel_mean', 'pixel_std'], rows, { id: NUMBER, label: NUMBER, split: STRING, pixel_mean: NUMBER, pixel_std: NUMBER }),
          ),
        },
        'README.md': { contents: `# mnist-dataset v${v}\n\n${n} labelled samples.\n` },
      },
    });
  }

  const predsVersions: Obj[] = [];
  const predsIds: { id: string; hex: string }[] = [];
  for (let v = 0; v < 3; v++) {
    const ids = b64id(`Artifact:${ENTITY}/mnist-sweeps/mnist-preds:v${v}`);
    predsIds.push(ids);
    const base = `files/artifacts/mnist-sweeps/mnist-preds/v${v}`;
    const quality = 0.6 + v * 0.15;
    const predRows = mnistPredRows(rng, quality, 20).map((row) => {
      const digit = row[1] as number;
      return [...row, { _type: 'image-file', path: `media/images/digit_${digit}.png`, format: 'png', width: 16, height: 16, sha256: pseudoSha(`digit${digit}`) }];
    });
    const labels: Json[][] = Array.from({ length: 10 }, (_, d) => [d, ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][d], d % 2 === 0]);
    const files: Obj = {
      'preds.table.json': {
        path: put(
          `${base}/preds.table.json`,
          artifactTable(['id', 'truth', 'guess', 'score', 'image'], predRows, {
            id: NUMBER,
            truth: NUMBER,
            guess: NUMBER,
            score: NUMBER,
            image: { wb_type: 'image-file', params: {} },
          }),
        ),
      },
      'labels.table.json': {
        path: put(`${base}/labels.table.json`, artifactTable(['truth', 'name', 'even'], labels, { truth: NUMBER, name: STRING, even: { wb_type: 'boolean' } })),
      },
      'preds_labels.joined-table.json': {
        path: put(`${base}/preds_labels.joined-table.json`, stringifyJsonExtended({ _type: 'joined-table', table1: 'preds.table.json', table2: 'labels.table.json', join_key: 'truth' })),
      },
      'preds_by_part.partitioned-table.json': {
        path: put(`${base}/preds_by_part.partitioned-table.json`, stringifyJsonExtended({ _type: 'partitioned-table', parts_path: 'parts' })),
      },
    };
    for (let p = 0; p < 2; p++) {
      files[`parts/part_${p}.table.json`] = {
        path: put(
          `${base}/parts/part_${p}.table.json`,
          artifactTable(['id', 'truth', 'guess', 'score'], predRows.slice(p * 10, p * 10 + 10).map((r) => r.slice(0, 4)), {
            id: NUMBER,
            truth: NUMBER,
            guess: NUMBER,
            score: NUMBER,
          }),
        ),
      };
    }
    for (const digit of [...new Set(predRows.map((r) => r[1] as number))].sort((a, b) => a - b)) {
      files[`media/images/digit_${digit}.png`] = { path: put(`${base}/media/images/digit_${digit}.png`, encodePng(16, 16, digitImage(rng, digit))) };
    }
    predsVersions.push({
      id: ids.id,
      aliases: v === 2 ? ['latest', 'best'] : [],
      createdAt: '',
      description: `Validation predictions, round ${v + 1}`,
      metadata: { eval_split: 'val', n_rows: 20, quality: r3(quality) },
      files,
    });
  }

  // --- runs ----------------------------------------------------------------------------------
  const projects: Obj[] = [];
  for (const [projectName, plans, llm] of [
    ['mnist-sweeps', mnistPlans(rng), false],
    ['llm-finetune', llmPlans(rng), true],
  ] as const) {
    // The three best runs log mnist-preds v0..v2, in the order they ran.
    const bestByQuality = [...plans]
      .filter((p) => !p.diverged)
      .sort((a, b) => b.quality - a.quality)
      .slice(0, 3)
      .sort((a, b) => a.createdMs - b.createdMs);
    const runs: Obj[] = plans.map((plan, i) => {
      const h = makeHistory(rng, plan, llm);
      const historyPath = put(`files/history/${projectName}/${plan.name}.jsonl`, h.rows.map((r) => stringifyJsonExtended(r)).join('\n') + '\n');
      const tablePath = 'media/table/preds_1.table.json';
      const tableText = llm
        ? runTable(
            ['prompt', 'completion', 'score'],
            PROMPTS.map((p) => [p, `(${plan.config.base_model}) answer ${rng.id(6)}`, r6(clamp(plan.quality + rng.normal() * 0.1, 0, 1))]),
          )
        : runTable(['id', 'truth', 'guess', 'score'], mnistPredRows(rng, plan.quality, 12));
      const logsPreds = !llm ? bestByQuality.indexOf(plan) : -1;
      const tRef = tableRef(tablePath, tableText, llm ? 3 : 4, llm ? PROMPTS.length : 12, logsPreds >= 0 ? predsIds[logsPreds].hex : undefined);
      if (logsPreds >= 0) predsVersions[logsPreds].createdAt = iso(plan.createdMs + plan.runtime * 1000);
      const run: Obj = {
        name: plan.name,
        displayName: plan.displayName,
        state: plan.state,
        jobType: llm ? 'finetune' : i % 8 === 7 ? 'eval' : 'train',
        group: llm ? `${plan.config.base_model}` : `sweep-${['a', 'b', 'c', 'd'][Math.floor(i / 10)]}`,
        tags: llm ? ['lora', plan.config.dataset as string] : [plan.config.optimizer as string, ...(plan.diverged ? ['diverged'] : [])],
        sweepName: llm ? null : `sweep-${['a', 'b', 'c', 'd'][Math.floor(i / 10)]}`,
        createdAt: iso(plan.createdMs),
        heartbeatAt: iso(plan.createdMs + plan.runtime * 1000),
        computeSeconds: Math.round(plan.runtime),
        user: plan.user,
        config: wrapConfig(plan.config),
        summary: summaryFor(rng, plan, h, llm, tRef),
        systemMetrics: { 'system/gpu.0.gpu': r6(rng.uniform(50, 99)), 'system/cpu': r6(rng.uniform(10, 80)) },
        history: { path: historyPath },
        files: { [tablePath]: { path: put(`files/runs/${projectName}/${plan.name}/${tablePath}`, tableText) } },
        loggedArtifacts: logsPreds >= 0 ? [`mnist-preds:v${logsPreds}`] : [],
        usedArtifacts: llm ? [] : [`mnist-dataset:v${i < 10 ? 1 : 2}`],
      };
      if (plan.diverged) run.notes = 'Loss went to NaN around step 1240; lr too high for SGD.';
      return run;
    });
    const project: Obj = {
      name: projectName,
      description: llm ? 'LoRA fine-tuning of 7–8B models' : 'Hyperparameter sweeps of an MLP on MNIST',
      createdAt: iso((plans[0].createdMs as number) - 86_400_000 * 5),
      runs,
    };
    if (!llm) {
      project.artifacts = [
        { name: 'mnist-dataset', type: 'dataset', description: 'MNIST samples used for training', versions: datasetVersions },
        { name: 'mnist-preds', type: 'predictions', description: 'Validation predictions of the best runs', versions: predsVersions },
      ];
    }
    projects.push(project);
  }

  const workspace: Obj = {
    version: 1,
    description: `PanelQL demo workspace (generated, seed ${seed})`,
    viewer: 'alice',
    users: USERS,
    entities: [{ name: ENTITY, isTeam: true, projects }],
  };

  // Replace what an earlier run wrote (and only that), so stale files never linger.
  for (const owned of ['history', 'runs', 'artifacts']) await rm(join(outDir, 'files', owned), { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const dirs = new Set<string>();
  for (const p of out.files.keys()) dirs.add(dirname(join(outDir, p)));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  await Promise.all([...out.files].map(([p, body]) => writeFile(join(outDir, p), body)));
  await writeFile(join(outDir, 'workspace.json'), stringifyJsonExtended(workspace, 1) + '\n');
}
