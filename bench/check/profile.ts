/**
 * A loop to profile: checks (or completes) the bench's typical expressions many times.
 *   node --cpu-prof --import tsx bench/check/profile.ts [check|suggest] [loops]
 * (tsx keeps only function names in profiles; for line numbers, bundle this file with esbuild
 * and profile the bundle.)
 */
import { check } from '../../src/check/checker.js';
import { suggest } from '../../src/check/suggest.js';
import { standardRegistry } from '../../src/ops/index.js';
import { parse } from '../../src/parser/index.js';
import { list, typedDict } from '../../src/types/index.js';

const registry = standardRegistry();
const variables = { rows: list(typedDict({ loss: 'number', acc: 'number', epoch: 'number', name: 'string', tags: list('string') })) };
const typical = [
  'rows.filter((row) => row["loss"] < 0.5 and row["acc"] > 0.8).groupby((row) => row["epoch"]).map((row) => ({epoch: row.groupkey, loss: row["loss"].avg, acc: row["acc"].max, n: row.count}))',
  'rows.sort((row) => [row["acc"], row["loss"]], ["desc", "asc"]).limit(10).map((row, index) => ({rank: index + 1, name: row["name"].upper, score: (row["acc"] * 100).floor}))',
];
const mode = process.argv[2] ?? 'check';
const loops = Number(process.argv[3] ?? 20000);
const asts = typical.map((t) => parse(t).ast!);
// Every prefix of the typical expressions, for `suggest`.
const prefixes = typical.flatMap((t) => Array.from({ length: t.length }, (_, i) => t.slice(0, i + 1)));

const c0 = process.cpuUsage();
let calls = 0;
for (let i = 0; i < loops; i++) {
  if (mode === 'suggest') {
    const p = prefixes[i % prefixes.length];
    suggest(p, p.length, { registry, variables });
    calls++;
  } else {
    for (let j = 0; j < asts.length; j++) check(asts[j], { registry, variables, source: typical[j] });
    calls += asts.length;
  }
}
const c = process.cpuUsage(c0);
console.log(`${mode}: ${((c.user + c.system) / calls).toFixed(1)} µs CPU per call (${calls} calls)`);
