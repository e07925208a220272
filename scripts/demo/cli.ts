/** `npx tsx scripts/demo/cli.ts [outDir] [--seed N]` — writes the demo workspace (default examples/demo). */
import { generateDemoWorkspace } from './generate.js';

const args = process.argv.slice(2);
let seed = 42;
const rest: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--seed') seed = Number(args[++i]);
  else if (args[i] === '-h' || args[i] === '--help') {
    console.log('usage: tsx scripts/demo/cli.ts [outDir] [--seed N]');
    process.exit(0);
  } else rest.push(args[i]);
}
if (!Number.isInteger(seed)) {
  console.error('--seed takes an integer');
  process.exit(2);
}
const outDir = rest[0] ?? 'examples/demo';
const t0 = performance.now();
await generateDemoWorkspace(outDir, seed);
console.log(`wrote ${outDir}/workspace.json (seed ${seed}) in ${Math.round(performance.now() - t0)} ms`);
