// Client-side rate limiting: at most N requests per action in any one-second window, as the service counts them.
// The service counts a request when it arrives, which is some time after the client sends it, so a window that
// starts at sending lets late arrivals of one batch collide with early arrivals of the next. Here a request holds its
// slot while in flight and for a full window after its answer: the service's window for it has then surely passed.
// A token bucket would be worse still: it allows a burst of N plus the refill within the same second.

// Clock granularity and the time between the service counting a request and the client seeing the answer.
const WINDOW_GUARD_MS = 10;

/** Call it once the request has an answer (or failed): the slot then stays taken for one more window. */
export type Release = () => void;

export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly waiters: Array<(release: Release) => void> = [];
  /** When recently finished requests finished, oldest first. */
  private readonly finished: number[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(limit: number, windowMs = 1000 + WINDOW_GUARD_MS, now: () => number = () => performance.now()) {
    this.limit = Math.max(1, Math.floor(limit));
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Resolves when the caller may send one request; callers are served in arrival order. */
  acquire(): Promise<Release> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.drain();
    });
  }

  /** Requests waiting for a slot (for benchmarks and tests). */
  get pending(): number {
    return this.waiters.length;
  }

  private finish(): void {
    this.inFlight--;
    this.finished.push(this.now());
    this.drain();
  }

  private drain(): void {
    const now = this.now();
    while (this.finished.length > 0 && (this.finished[0] ?? 0) <= now - this.windowMs) this.finished.shift();
    while (this.waiters.length > 0 && this.inFlight + this.finished.length < this.limit) {
      this.inFlight++;
      let released = false;
      this.waiters.shift()?.(() => {
        if (released) return;
        released = true;
        this.finish();
      });
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // All slots busy: the next one frees when the oldest finished request leaves the window, or at a release.
    if (this.waiters.length > 0 && this.finished.length > 0) {
      const wait = Math.max(1, (this.finished[0] ?? now) + this.windowMs - now);
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
