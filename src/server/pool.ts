/**
 * A pool of evaluation worker threads. Evaluation is synchronous CPU work; running it off the
 * HTTP (or REPL) thread keeps that thread responsive, lets a request be cancelled for real,
 * and contains the damage of a runaway expression:
 * - cancel (time limit, closed connection, Ctrl-C): a flag in shared memory that the
 *   evaluation polls; if the worker has not answered `graceMs` later, it is terminated and
 *   replaced;
 * - memory: each worker has a heap limit; running out ends that worker only (`memory-limit`).
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { DataOptions } from '../cli/open.js';
import { workerEntry } from '../cli/paths.js';
import type { EvalItem, EvalJob, ExecuteAnswer, Outcome, RunLimits, Runner } from './runner.js';
import type { WorkerInit, WorkerMessage } from './worker.js';

export interface PoolOptions {
  readonly data: DataOptions;
  /** Number of workers (default: available parallelism, at most 4). */
  readonly size?: number;
  /** Heap limit of each worker in MiB (default 1024). */
  readonly memoryMb?: number;
  /** How long a cancelled job may take to stop before its worker is terminated (default 1000 ms). */
  readonly graceMs?: number;
  /** Jobs waiting for a worker beyond this are refused (default 10000). */
  readonly maxQueue?: number;
}

type Request = { op: 'eval'; job: EvalJob } | { op: 'execute'; graphs: unknown };

interface Pending {
  readonly id: number;
  readonly request: Request;
  readonly limits: RunLimits;
  readonly enqueued: number;
  readonly resolve: (o: Outcome<unknown>) => void;
  slot: Slot | null;
  timer: NodeJS.Timeout | null;
  cancelled: boolean;
  detach: () => void;
}

interface Slot {
  worker: Worker;
  flag: Int32Array;
  ready: boolean;
  job: Pending | null;
}

export class WorkerPool implements Runner {
  generation = 'starting';
  source = '';
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closing = false;
  private readonly size: number;
  private readonly memoryMb: number;
  private readonly graceMs: number;
  private readonly maxQueue: number;
  private readonly data: DataOptions;
  private restarts = 0;

  private constructor(options: PoolOptions) {
    this.size = Math.max(1, options.size ?? Math.min(4, availableParallelism()));
    this.memoryMb = options.memoryMb ?? 1024;
    this.graceMs = options.graceMs ?? 1000;
    this.maxQueue = options.maxQueue ?? 10_000;
    const { notice: _notice, ...data } = options.data;
    this.data = data;
  }

  /** Starts the workers and waits until every one has opened its data (rejects if the first one cannot). */
  static async start(options: PoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    const starts: Promise<void>[] = [];
    for (let i = 0; i < pool.size; i++) starts.push(pool.spawn());
    try {
      await Promise.all(starts);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** Workers currently alive and ready. */
  get readyWorkers(): number {
    return this.slots.filter((s) => s.ready).length;
  }

  /** Workers replaced after a timeout, a crash or running out of memory. */
  get restartCount(): number {
    return this.restarts;
  }

  private spawn(replacing?: Slot): Promise<void> {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const init: WorkerInit = { data: this.data, flag: flag.buffer as SharedArrayBuffer };
    const worker = new Worker(workerEntry(), {
      workerData: init,
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
    });
    const slot: Slot = replacing ?? { worker, flag, ready: false, job: null };
    slot.worker = worker;
    slot.flag = flag;
    slot.ready = false;
    slot.job = null;
    if (!replacing) this.slots.push(slot);
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          started = true;
          slot.ready = true;
          this.generation = m.generation;
          this.source = m.source;
          resolve();
          this.pump();
        } else if (m.type === 'failed') {
          started = true;
          reject(new Error(m.message));
          void worker.terminate();
        } else if (m.type === 'done') {
          const job = slot.job;
          if (!job || job.id !== m.id) return;
          const outcome = m.outcome as Outcome<unknown>;
          // The worker was given what was left of the limit; report the limit itself.
          this.finish(job, outcome.status === 'timeout' ? { status: 'timeout', ms: job.limits.timeoutMs } : outcome);
          slot.job = null;
          Atomics.store(slot.flag, 0, 0);
          this.pump();
        }
      });
      worker.on('error', (e: Error & { code?: string }) => {
        const job = slot.job;
        if (job) {
          const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(e.message);
          this.finish(
            job,
            oom
              ? { status: 'failed', code: 'memory-limit', message: `the evaluation needed more than ${this.memoryMb} MiB of memory and was stopped` }
              : { status: 'failed', code: 'worker-crashed', message: `the evaluation failed: ${e.message}` },
          );
          slot.job = null;
        }
        if (!started) {
          started = true;
          reject(e);
        }
      });
      worker.on('exit', () => {
        if (slot.worker !== worker) return;
        slot.ready = false;
        const job = slot.job;
        slot.job = null;
        if (job) this.finish(job, { status: 'failed', code: 'worker-crashed', message: 'the evaluation worker stopped unexpectedly' });
        if (!started) {
          started = true;
          reject(new Error('the evaluation worker exited while starting'));
        }
        if (!this.closing && started) this.respawn(slot);
      });
    });
  }

  private respawn(slot: Slot): void {
    this.restarts++;
    const retry = (delay: number): void => {
      if (this.closing) return;
      this.spawn(slot).catch(() => setTimeout(() => retry(Math.min(delay * 2, 5000)), delay).unref());
    };
    retry(100);
  }

  /** Stops a slot's worker (a job that ignores cancellation); `exit` replaces it. */
  private kill(slot: Slot): void {
    slot.ready = false;
    void slot.worker.terminate();
  }

  private finish(job: Pending, outcome: Outcome<unknown>): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    job.detach();
    job.resolve(outcome);
  }

  private submit<T>(request: Request, limits: RunLimits, signal?: AbortSignal): Promise<Outcome<T>> {
    if (this.closing) return Promise.resolve({ status: 'failed', code: 'closing', message: 'the server is shutting down' });
    if (this.queue.length >= this.maxQueue) {
      return Promise.resolve({ status: 'failed', code: 'overloaded', message: `more than ${this.maxQueue} evaluations are waiting` });
    }
    return new Promise<Outcome<T>>((resolve) => {
      let settled = false;
      const job: Pending = {
        id: this.nextId++,
        request,
        limits,
        enqueued: Date.now(),
        resolve: (o) => {
          if (settled) return;
          settled = true;
          resolve(o as Outcome<T>);
        },
        slot: null,
        timer: null,
        cancelled: false,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      if (this.nextId > 0x7fff_fff0) this.nextId = 1;
      const onAbort = (): void => this.cancel(job);
      if (signal?.aborted) {
        job.resolve({ status: 'cancelled' });
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      // The whole time limit counts from arrival: a job that waited in the queue has less left.
      if (Number.isFinite(limits.timeoutMs)) {
        job.timer = setTimeout(() => this.expire(job), limits.timeoutMs + this.graceMs);
        job.timer.unref();
      }
      this.queue.push(job);
      this.pump();
    });
  }

  private expire(job: Pending): void {
    const slot = job.slot;
    const at = this.queue.indexOf(job);
    if (at >= 0) this.queue.splice(at, 1);
    this.finish(job, { status: 'timeout', ms: job.limits.timeoutMs });
    if (slot && slot.job === job) {
      slot.job = null;
      this.kill(slot);
    }
  }

  private cancel(job: Pending): void {
    if (job.cancelled) return;
    job.cancelled = true;
    const at = this.queue.indexOf(job);
    if (at >= 0) {
      this.queue.splice(at, 1);
      this.finish(job, { status: 'cancelled' });
      return;
    }
    const slot = job.slot;
    if (!slot || slot.job !== job) return;
    Atomics.store(slot.flag, 0, job.id);
    if (job.timer) clearTimeout(job.timer);
    job.timer = setTimeout(() => {
      if (slot.job !== job) return;
      this.finish(job, { status: 'cancelled' });
      slot.job = null;
      this.kill(slot);
    }, this.graceMs);
    job.timer.unref();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && !s.job);
      if (!slot) return;
      const job = this.queue.shift()!;
      const left = job.limits.timeoutMs - (Date.now() - job.enqueued);
      if (left <= 0) {
        this.finish(job, { status: 'timeout', ms: job.limits.timeoutMs });
        continue;
      }
      slot.job = job;
      job.slot = slot;
      Atomics.store(slot.flag, 0, 0);
      const limits: RunLimits = { ...job.limits, timeoutMs: left };
      slot.worker.postMessage({ id: job.id, ...job.request, limits });
    }
  }

  evalJson(job: EvalJob, limits: RunLimits, signal?: AbortSignal): Promise<Outcome<EvalItem[]>> {
    return this.submit<EvalItem[]>({ op: 'eval', job }, limits, signal);
  }

  executeJson(graphs: unknown, limits: RunLimits, signal?: AbortSignal): Promise<Outcome<ExecuteAnswer>> {
    return this.submit<ExecuteAnswer>({ op: 'execute', graphs }, limits, signal);
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const job of this.queue.splice(0)) this.finish(job, { status: 'failed', code: 'closing', message: 'the server is shutting down' });
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
