/**
 * Cancellation that also works inside synchronous evaluation.
 *
 * The row-wise executor polls `signal.aborted` between lambda calls. While it runs, the event
 * loop is blocked, so a `setTimeout`-based abort would only fire after the work is done. The
 * signal returned here checks the clock whenever `aborted` is read and aborts itself (with a
 * `TimeoutError`) once the deadline has passed, so a runaway evaluation stops at the next poll.
 * It also follows `parent` (e.g. Ctrl-C in the REPL or a closed HTTP connection).
 */
export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`evaluation took longer than ${ms} ms and was cancelled`);
    this.name = 'TimeoutError';
  }
}

export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

const nativeAborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;

export interface Deadline {
  readonly signal: AbortSignal;
  /** Stops the timer and detaches from the parent. */
  dispose(): void;
}

/**
 * A signal that aborts after `ms` (polled or timed), when `parent` aborts, or when `poll()`
 * returns true (e.g. a flag in shared memory set by another thread). `ms` ≤ 0 or Infinity:
 * no deadline.
 */
export function deadline(ms: number, parent?: AbortSignal, poll?: () => boolean): Deadline {
  const controller = new AbortController();
  const signal = controller.signal;
  const limited = Number.isFinite(ms) && ms > 0;
  const at = limited ? Date.now() + ms : Infinity;
  const expire = (): void => {
    if (!nativeAborted.call(signal)) controller.abort(new TimeoutError(ms));
  };
  const timer = limited ? setTimeout(expire, ms) : null;
  timer?.unref?.();
  const onParent = (): void => {
    if (!nativeAborted.call(signal)) controller.abort(parent?.reason ?? new CancelledError());
  };
  if (parent) {
    if (parent.aborted) onParent();
    else parent.addEventListener('abort', onParent, { once: true });
  }
  Object.defineProperty(signal, 'aborted', {
    configurable: true,
    get(): boolean {
      if (nativeAborted.call(signal)) return true;
      if (parent?.aborted) onParent();
      else if (poll?.()) controller.abort(new CancelledError());
      else if (Date.now() >= at) expire();
      return nativeAborted.call(signal) as boolean;
    },
  });
  return {
    signal,
    dispose(): void {
      if (timer) clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

/** Why a signal aborted, as one of our error classes. */
export function abortReason(signal: AbortSignal): TimeoutError | CancelledError | null {
  if (!signal.aborted) return null;
  const r: unknown = signal.reason;
  if (r instanceof TimeoutError || r instanceof CancelledError) return r;
  if (r instanceof Error && r.name === 'TimeoutError') return new TimeoutError(0);
  return new CancelledError(r instanceof Error ? r.message : 'cancelled');
}
