/**
 * A progress bar on stderr for fetches that run longer than a second (cli-progress). Drawn
 * only when stderr is a TTY and `CI` is unset; with a known total it is a bar, otherwise it
 * shows the phase and the elapsed time.
 */
import cliProgress from 'cli-progress';
import type { Progress } from './engine.js';

export interface ProgressReporter {
  /** Feed progress events (from the engine). */
  update(p: Progress): void;
  /** Remove the bar (if drawn). */
  stop(): void;
}

export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream;
  readonly delayMs?: number;
  readonly enabled?: boolean;
}

export function startProgress(label: string, options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled ?? (stream.isTTY === true && !process.env.CI);
  if (!enabled) return { update() {}, stop() {} };
  let last: Progress = { phase: label };
  let bar: cliProgress.SingleBar | null = null;
  let ticker: NodeJS.Timeout | null = null;
  const started = Date.now();
  const payload = (): { phase: string; elapsed: string } => ({
    phase: last.phase,
    elapsed: `${((Date.now() - started) / 1000).toFixed(1)} s`,
  });
  const draw = (): void => {
    const total = last.total ?? 0;
    const value = last.done ?? 0;
    if (!bar) {
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: total > 0 ? '{bar} {value}/{total} {phase} ({elapsed})' : '{phase}… {elapsed}',
          hideCursor: true,
          clearOnComplete: true,
          barsize: 30,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(total, 1), value, payload());
      ticker = setInterval(() => bar?.update(payload()), 200);
      ticker.unref();
    } else {
      if (total > 0) bar.setTotal(total);
      bar.update(value, payload());
    }
  };
  const timer = setTimeout(draw, options.delayMs ?? 1000);
  timer.unref();
  return {
    update(p: Progress): void {
      last = { ...last, ...p };
      if (bar) draw();
    },
    stop(): void {
      clearTimeout(timer);
      if (ticker) clearInterval(ticker);
      if (bar) {
        bar.stop();
        bar = null;
      }
    },
  };
}
