import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SlidingWindowLimiter } from "../../provider/rateLimiter";

/** Starts `requests` at once; each holds its slot for `durationMs` (its round trip), then releases it. */
async function grantTimes(limit: number, requests: number, durationMs: number): Promise<number[]> {
  const start = Date.now();
  const limiter = new SlidingWindowLimiter(limit, 1000, () => Date.now());
  const grants: number[] = [];
  const all = Array.from({ length: requests }, async () => {
    const release = await limiter.acquire();
    grants.push(Date.now() - start);
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    release();
  });
  await vi.runAllTimersAsync();
  await Promise.all(all);
  return grants;
}

describe("sliding-window rate limiter", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("grants at most the limit per window, and the next batch exactly one window after the answers", async () => {
    vi.useFakeTimers();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 300 }),
        async (limit, requests, durationMs) => {
          const grants = await grantTimes(limit, requests, durationMs);
          // Batch k starts when batch k-1 has answered and a full window has passed since: never earlier
          // (the service would count it in the same window), never later (the limiter would idle below the limit).
          expect(grants).toEqual(
            Array.from({ length: requests }, (_, i) => Math.floor(i / limit) * (1000 + durationMs)),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it("serves callers in arrival order", async () => {
    vi.useFakeTimers();
    const limiter = new SlidingWindowLimiter(2, 1000, () => Date.now());
    const order: number[] = [];
    const all = [0, 1, 2, 3, 4, 5].map(async (i) => {
      const release = await limiter.acquire();
      order.push(i);
      release();
    });
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("lets a caller through at once when the last window has room, and ignores a second release", async () => {
    vi.useFakeTimers();
    const limiter = new SlidingWindowLimiter(2, 1000, () => Date.now());
    const release = await limiter.acquire();
    release();
    release();
    vi.advanceTimersByTime(1500);
    let granted = 0;
    for (let i = 0; i < 3; i++) {
      void limiter.acquire().then(() => {
        granted++;
      });
    }
    await Promise.resolve();
    await Promise.resolve();
    expect(granted).toBe(2);
    expect(limiter.pending).toBe(1);
  });
});
