import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SlidingWindowLimiter } from "../../provider/rateLimiter";

async function grantTimes(limit: number, requests: number, windowMs: number): Promise<number[]> {
  const start = Date.now();
  const limiter = new SlidingWindowLimiter(limit, windowMs, () => Date.now());
  const grants: number[] = [];
  const all = Array.from({ length: requests }, () => limiter.acquire().then(() => grants.push(Date.now() - start)));
  await vi.runAllTimersAsync();
  await Promise.all(all);
  return grants;
}

describe("sliding-window rate limiter", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never grants more than the limit in any window and never idles below it", async () => {
    vi.useFakeTimers();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 120 }), async (limit, requests) => {
        const grants = await grantTimes(limit, requests, 1000);
        // Exactly `limit` grants per window, each batch as soon as the oldest grant leaves the window.
        expect(grants).toEqual(Array.from({ length: requests }, (_, i) => Math.floor(i / limit) * 1000));
      }),
      { numRuns: 60 },
    );
  });

  it("serves callers in arrival order", async () => {
    vi.useFakeTimers();
    const limiter = new SlidingWindowLimiter(2, 1000, () => Date.now());
    const order: number[] = [];
    const all = [0, 1, 2, 3, 4, 5].map((i) => limiter.acquire().then(() => order.push(i)));
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("lets a caller through at once when the last window has room", async () => {
    vi.useFakeTimers();
    const limiter = new SlidingWindowLimiter(2, 1000, () => Date.now());
    await limiter.acquire();
    vi.advanceTimersByTime(1500);
    let granted = false;
    void limiter.acquire().then(() => {
      granted = true;
    });
    await Promise.resolve();
    expect(granted).toBe(true);
  });
});
