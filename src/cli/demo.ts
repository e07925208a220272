/** `panelql demo`: generate the demo workspace (deterministic; examples/demo by default). */
import * as path from 'node:path';
import { DEMO_DIR, ensureDemo } from './open.js';
import type { CliContext } from './program.js';

export async function demoCommand(ctx: CliContext, opts: { out?: string; force?: boolean }): Promise<number> {
  const dir = opts.out ? path.resolve(ctx.io.cwd, opts.out) : DEMO_DIR;
  const t0 = Date.now();
  const made = await ensureDemo(dir, { force: opts.force === true, notice: (m) => ctx.io.stderr.write(m + '\n') });
  ctx.io.stderr.write(made ? `generated in ${Date.now() - t0} ms\n` : `already there (use --force to regenerate)\n`);
  ctx.io.stdout.write(path.join(dir, 'workspace.json') + '\n');
  return 0;
}
