/**
 * Parse speed: PanelQL's parser against tree-sitter's JavaScript grammar (the reference parses
 * with a tree-sitter grammar derived from it) on the same realistic inputs.
 *
 * Run: npx tsx bench/parse/parse.bench.ts
 * Goals (issue 2): a ~200-character expression in under 25 µs median, at least 3x faster than
 * tree-sitter. Prints a markdown table: median µs per parse (strict `parse`, and
 * `parseForEditor`), throughput, and tree-sitter's median.
 */
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { parse, parseForEditor } from '../../src/parser/index.js';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------
// Inputs

const SHORT = 'runs.map((row) => row.summary["loss"]).avg';

// Inputs are written in the JavaScript-compatible spelling (`&&`, parenthesised dict bodies),
// which PanelQL also reads, so that both parsers see exactly the same text.
const TYPICAL =
  'runs.filter((row) => row.config["lr"] > 0.001 && row.state == "finished")' +
  '.map((row) => ({name: row.name, loss: row.summary["loss"], acc: row.summary["acc"] * 100}))' +
  '.sort((row) => [row["loss"]], ["asc"]).limit(10)';

/** About 5 KB: a panel that builds one row per run with many derived columns. */
function long(): string {
  const metrics = ['loss', 'val_loss', 'acc', 'val_acc', 'f1', 'precision', 'recall', 'auc', 'lr', 'epoch'];
  const parts: string[] = [];
  let i = 0;
  while (parts.join(', ').length < 4_700) {
    const m = metrics[i % metrics.length];
    const n = Math.floor(i / metrics.length);
    parts.push(
      n % 3 === 0
        ? `${m}_${n}: row.summary["${m}"] * ${n + 1}`
        : n % 3 === 1
          ? `${m}_${n}_max: row.history.concat["${m}"].max - row.config["${m}_offset"].abs`
          : `${m}_${n}_ok: row.summary["${m}"] > ${(n / 10).toFixed(1)} && !(row.summary["${m}"] == null)`,
    );
    i++;
  }
  return `runs.filter((row) => row.state == "finished").map((row) => ({${parts.join(', ')}}))`;
}

const INPUTS: [string, string][] = [
  ['short', SHORT],
  ['typical', TYPICAL],
  ['long', long()],
];

// ---------------------------------------------------------------------------------------
// Timing

/** Calls per batch so that one batch takes about 1 ms. */
function batchSize(fn: () => void): number {
  let batch = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    if (performance.now() - t0 > 1 || batch > 1 << 20) return batch;
    batch *= 2;
  }
}

/**
 * Median µs per call of each function. Batches of the functions are interleaved (one batch
 * of each in turn, in a rotating order) so that load from other processes and garbage
 * collection affect them alike.
 */
function medians(fns: (() => void)[], totalMs = 3_000): number[] {
  for (const fn of fns) warm(fn);
  const sizes = fns.map(batchSize);
  const samples: number[][] = fns.map(() => []);
  const end = performance.now() + totalMs;
  let round = 0;
  while (performance.now() < end || samples[0].length < 25) {
    // rotate the order each round: a batch pays for the garbage of the batch before it
    for (let j = 0; j < fns.length; j++) {
      const k = (j + round) % fns.length;
      const n = sizes[k];
      const fn = fns[k];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) fn();
      samples[k].push(((performance.now() - t0) * 1000) / n);
    }
    round++;
  }
  return samples.map((xs) => {
    xs.sort((a, b) => a - b);
    return xs[Math.floor(xs.length / 2)];
  });
}

function warm(fn: () => void, ms = 300): void {
  const end = performance.now() + ms;
  while (performance.now() < end) fn();
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'));
  const ts = new Parser();
  ts.setLanguage(language);

  const rows: string[] = [];
  rows.push('| input | chars | PanelQL `parse` µs | `parseForEditor` µs | PanelQL MB/s | tree-sitter µs | tree-sitter MB/s | speed-up |');
  rows.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, text] of INPUTS) {
    const r = parse(text);
    if (r.ast === null) throw new Error(`${name} does not parse: ${r.diagnostics[0].message}`);
    const tree = ts.parse(text);
    if (tree === null || tree.rootNode.hasError) throw new Error(`${name}: tree-sitter reports a syntax error`);
    tree.delete();

    const ours = (): void => {
      parse(text);
    };
    const editor = (): void => {
      parseForEditor(text);
    };
    const theirs = (): void => {
      ts.parse(text)!.delete();
    };
    const [a, e, b] = medians([ours, editor, theirs]);
    const mbps = (us: number): string => (text.length / us).toFixed(1); // bytes per µs = MB/s (ASCII input)
    rows.push(`| ${name} | ${text.length} | ${a.toFixed(2)} | ${e.toFixed(2)} | ${mbps(a)} | ${b.toFixed(2)} | ${mbps(b)} | ${(b / a).toFixed(1)}x |`);
  }
  ts.delete();
  console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(rows.join('\n'));
}

await main();
