import { abortError } from "./local-model-error";

interface Waiter {
  grant: () => void;
  fail: (error: Error) => void;
}

/**
 * At most `capacity` holders at once; further callers wait in FIFO order.
 * A waiter gives up with `onTimeout()` after `timeoutMs`, or with an AbortError when its signal fires.
 */
export class SlotQueue {
  private inUse = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly capacity: number,
    private readonly timeoutMs: number | undefined,
    private readonly onTimeout: () => Error,
  ) {}

  get waiting(): number {
    return this.waiters.length;
  }

  get running(): number {
    return this.inUse;
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.inUse < this.capacity && this.waiters.length === 0) {
      this.inUse++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
      };
      const waiter: Waiter = {
        grant: () => {
          settle();
          this.inUse++;
          resolve(this.releaser());
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      };
      const onAbort = () => waiter.fail(abortError(signal));
      signal?.addEventListener("abort", onAbort, { once: true });
      if (this.timeoutMs !== undefined) timer = setTimeout(() => waiter.fail(this.onTimeout()), this.timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Rejects every waiter (used when the model is disposed). */
  failAll(error: Error): void {
    for (const waiter of [...this.waiters]) waiter.fail(error);
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse--;
      this.waiters[0]?.grant();
    };
  }
}
