// Client-side rate limiting: at most N requests in any sliding one-second window, per action.
// A token bucket would allow a burst of N plus refill within the same second, which a server counting a
// sliding window rejects; a sliding window keeps the client under every reasonable server policy.

// Requests leave the client a little before the server counts them; the guard absorbs that skew.
const WINDOW_GUARD_MS = 20;

export class SlidingWindowLimiter {
  private readonly grants: number[] = [];
  private readonly waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(limit: number, windowMs = 1000 + WINDOW_GUARD_MS, now: () => number = () => performance.now()) {
    this.limit = Math.max(1, Math.floor(limit));
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Resolves when the caller may send one request; callers are served in arrival order. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.drain();
    });
  }

  /** Requests waiting for a slot (for benchmarks and tests). */
  get pending(): number {
    return this.waiters.length;
  }

  private drain(): void {
    if (this.timer) return;
    const now = this.now();
    while (this.grants.length > 0 && (this.grants[0] ?? 0) <= now - this.windowMs) this.grants.shift();
    while (this.waiters.length > 0 && this.grants.length < this.limit) {
      this.grants.push(now);
      this.waiters.shift()?.();
    }
    if (this.waiters.length > 0) {
      const wait = Math.max(1, (this.grants[0] ?? now) + this.windowMs - now);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, wait);
    }
  }
}

// Shared by every caller in the process: all resources of a deployment run in one provider host.
const limiters = new Map<string, SlidingWindowLimiter>();

export function limiterFor(key: string, perSecond: number): SlidingWindowLimiter {
  const id = `${key}@${perSecond}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new SlidingWindowLimiter(perSecond);
    limiters.set(id, limiter);
  }
  return limiter;
}
