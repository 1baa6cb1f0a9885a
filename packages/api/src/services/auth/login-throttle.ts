/**
 * Slows down password guessing. Failures are counted per account and per IP address in a
 * sliding window; past a threshold the key is locked for a delay that doubles with each further
 * failure (capped). A successful sign-in clears the account's counter.
 */
export interface ThrottleOptions {
  windowMs: number;
  accountFreeAttempts: number;
  ipFreeAttempts: number;
  baseLockMs: number;
  maxLockMs: number;
  now?: () => number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions = { windowMs: 15 * 60_000, accountFreeAttempts: 5, ipFreeAttempts: 20, baseLockMs: 30_000, maxLockMs: 15 * 60_000 }) {
    this.now = options.now ?? Date.now;
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
  retryAfterSeconds(email: string, ip: string): number {
    const now = this.now();
    const wait = Math.max(this.entry(`account:${email}`).lockedUntil, this.entry(`ip:${ip}`).lockedUntil) - now;
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  recordFailure(email: string, ip: string) {
    this.fail(`account:${email}`, this.options.accountFreeAttempts);
    this.fail(`ip:${ip}`, this.options.ipFreeAttempts);
  }

  recordSuccess(email: string) {
    this.entries.delete(`account:${email}`);
  }

  private entry(key: string): Entry {
    let e = this.entries.get(key);
    if (!e) {
      e = { failures: [], lockedUntil: 0 };
      if (this.entries.size > 100_000) this.entries.clear(); // bound memory under a flood of distinct keys
      this.entries.set(key, e);
    }
    return e;
  }

  private fail(key: string, freeAttempts: number) {
    const now = this.now();
    const e = this.entry(key);
    e.failures = e.failures.filter((t) => now - t < this.options.windowMs);
    e.failures.push(now);
    const excess = e.failures.length - freeAttempts;
    if (excess >= 0) {
      const lock = Math.min(this.options.maxLockMs, this.options.baseLockMs * 2 ** excess);
      e.lockedUntil = now + lock;
    }
  }
}
