/**
 * An evaluation worker thread: opens its own engine on the data the pool names and runs one
 * job at a time. Cancellation comes through shared memory (`flag[0] === job id`), which the
 * evaluation polls even while it keeps this thread busy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openEngine, type DataOptions } from '../cli/open.js';
import { LocalRunner, type EvalJob, type RunLimits } from './runner.js';
import { warmUpSteps } from '../exec/vectorized/index.js';

export interface WorkerInit {
  readonly data: DataOptions;
  readonly flag: SharedArrayBuffer;
}

export type WorkerRequest =
  | { readonly id: number; readonly op: 'eval'; readonly job: EvalJob; readonly limits: RunLimits }
  | { readonly id: number; readonly op: 'execute'; readonly graphs: unknown; readonly limits: RunLimits };

export type WorkerMessage =
  | { readonly type: 'ready'; readonly generation: string; readonly source: string }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'done'; readonly id: number; readonly outcome: unknown };

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread');
const init = workerData as WorkerInit;
const flag = new Int32Array(init.flag);
let current = 0;

try {
  const engine = await openEngine({ ...init.data, notice: () => {} });
  const runner = new LocalRunner(engine, () => current !== 0 && Atomics.load(flag, 0) === current);
  port.on('message', (req: WorkerRequest) => {
    current = req.id;
    const work = req.op === 'eval' ? runner.evalJson(req.job, req.limits) : runner.executeJson(req.graphs, req.limits);
    work
      .catch((e: unknown) => ({ status: 'failed', code: 'internal', message: e instanceof Error ? e.message : String(e) }))
      .then((outcome) => {
        current = 0;
        port.postMessage({ type: 'done', id: req.id, outcome } satisfies WorkerMessage);
      });
  });
  port.postMessage({ type: 'ready', generation: engine.generation, source: engine.source } satisfies WorkerMessage);
  // Compile the engine's hot paths now rather than on the first request: one short step per
  // turn of the event loop, none while a request runs, so a request arriving meanwhile waits for
  // one step, not for the whole warm-up (~0.2–0.5 s once per thread; more on a loaded machine).
  const steps = warmUpSteps();
  const next = (): void => {
    if (current !== 0) {
      setTimeout(next, 5).unref();
      return;
    }
    try {
      const step = steps.next();
      if (step.done === true) return;
      step.value();
    } catch {
      return; // only a speed-up: a failure here must not take the worker down
    }
    setImmediate(next).unref();
  };
  setImmediate(next).unref();
} catch (e) {
  port.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) } satisfies WorkerMessage);
}
