// The service's per-action request limit: 20 requests per second for each of the seven actions
// (https://www.tencentcloud.com/document/product/647/45169). A sliding 1000 ms window of accepted requests in wall
// time, since the limit is about how fast clients really call, whatever the virtual clock says. Unlike the
// provider's client-side limiter, which makes callers wait, this one refuses.

interface Window {
  /** Wall times of the last `limit` accepted requests, a ring whose oldest entry is at `next` once full. */
  stamps: Float64Array;
  next: number;
  filled: number;
}

export class RequestRateLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, Window>();

  constructor(limit: number, windowMs = 1000, now: () => number = () => performance.now()) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`the rate limit must be a positive integer`);
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Accepts and counts the request, or refuses it (not counted) when `limit` were accepted in the window. */
  tryAcquire(key: string): boolean {
    let window = this.windows.get(key);
    if (!window) {
      window = { stamps: new Float64Array(this.limit), next: 0, filled: 0 };
      this.windows.set(key, window);
    }
    const now = this.now();
    if (window.filled === this.limit) {
      const oldest = window.stamps[window.next] ?? 0;
      if (now - oldest < this.windowMs) return false;
    } else {
      window.filled++;
    }
    window.stamps[window.next] = now;
    window.next = (window.next + 1) % this.limit;
    return true;
  }

  reset(): void {
    this.windows.clear();
  }
}
