import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AdaptiveRate, SlidingWindowLimiter } from "../../provider/client/rateLimiter";

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

  it("puts a retried caller before callers not yet served", async () => {
    vi.useFakeTimers();
    const limiter = new SlidingWindowLimiter(1, 1000, () => Date.now());
    const first = await limiter.acquire();
    const order: string[] = [];
    const waiting = limiter.acquire().then((release) => {
      order.push("new");
      release();
    });
    const retried = limiter.acquire({ priority: true }).then((release) => {
      order.push("retried");
      release();
    });
    first();
    await vi.runAllTimersAsync();
    await Promise.all([waiting, retried]);
    expect(order).toEqual(["retried", "new"]);
  });
});

describe("adaptive rate", () => {
  it("cuts the rate to 70% at a throttle and grows back to the limit along a cubic curve", () => {
    let now = 0;
    const rate = new AdaptiveRate(20, () => now);
    rate.onThrottle();
    expect(rate.current).toBeCloseTo(14);
    rate.onSuccess();
    expect(rate.current).toBeCloseTo(14);
    // K = cbrt(20 * 0.3 / SCALE): back at the rate that was throttled, flat around it.
    now = Math.cbrt((20 * 0.3) / AdaptiveRate.SCALE) * 1000;
    rate.onSuccess();
    expect(rate.current).toBeCloseTo(20, 0);
    now = 0;
    const early = new AdaptiveRate(20, () => now);
    early.onThrottle();
    now = 5000;
    early.onSuccess();
    expect(early.current).toBeGreaterThan(14);
    expect(early.current).toBeLessThan(20);
  });

  it("never drops below a quarter request per window, and a lower rate lengthens the window", () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(20, 1000, () => now);
    limiter.rate.onThrottle();
    limiter.rate.onThrottle();
    // Requests that were in flight when the rate was cut do not cut it again.
    expect(limiter.rate.current).toBeCloseTo(14);
    for (let i = 0; i < 50; i++) {
      now += 1000;
      limiter.rate.onThrottle();
    }
    expect(limiter.rate.current).toBe(AdaptiveRate.MIN_RATE);
    expect(limiter.limit).toBe(1);
    expect(limiter.windowMs).toBe(4000);
  });

  it("lets several processes sharing one limit converge to fair shares, with few throttled requests", async () => {
    // A simulated service that admits 20 requests per second per action (counted at arrival, as TRTC counts them)
    // and 8 clients, each with its own limiter and 4 requests always waiting, as 8 stacks coming up at once.
    vi.useFakeTimers();
    const arrivals: number[] = [];
    const admit = (at: number) => {
      while (arrivals.length > 0 && (arrivals[0] ?? 0) <= at - 1000) arrivals.shift();
      if (arrivals.length >= 20) return false;
      arrivals.push(at);
      return true;
    };
    const clients = Array.from({ length: 8 }, () => ({
      limiter: new SlidingWindowLimiter(20, 1010, () => Date.now()),
      served: 0,
      throttled: 0,
    }));
    const endAt = Date.now() + 60_000;
    const measureFrom = Date.now() + 20_000;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const worker = async (client: (typeof clients)[number]) => {
      while (Date.now() < endAt) {
        const release = await client.limiter.acquire();
        await sleep(15); // on the way
        const ok = admit(Date.now());
        await sleep(15); // the answer on its way back
        if (ok) client.limiter.rate.onSuccess();
        else client.limiter.rate.onThrottle();
        if (Date.now() >= measureFrom) {
          if (ok) client.served++;
          else client.throttled++;
        }
        release();
        if (!ok) await sleep(250);
      }
    };
    const all = clients.flatMap((client) => Array.from({ length: 4 }, () => worker(client)));
    await vi.advanceTimersByTimeAsync(75_000);
    await Promise.all(all);
    const served = clients.reduce((sum, c) => sum + c.served, 0);
    const throttled = clients.reduce((sum, c) => sum + c.throttled, 0);
    // Over the last 40 s: most of the shared limit used, few requests throttled, no client starved.
    expect(served / 40).toBeGreaterThan(20 * 0.85);
    expect(throttled / (served + throttled)).toBeLessThan(0.1);
    for (const client of clients) expect(client.served).toBeGreaterThan((served / clients.length) * 0.4);
  }, 60_000);
});
