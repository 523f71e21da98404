// The emulator's small parts on their own: the sliding-window limiter, the deadline queue, TaskIds, the clock.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../emulator/clock";
import { DeadlineQueue } from "../../emulator/deadlines";
import { RequestRateLimiter } from "../../emulator/rateLimiter";
import { newTaskId } from "../../emulator/taskId";

describe("RequestRateLimiter", () => {
  it("accepts `limit` requests in any 1000 ms window, counting only accepted ones", () => {
    let now = 0;
    const limiter = new RequestRateLimiter(3, 1000, () => now);
    const at = (t: number) => {
      now = t;
      return limiter.tryAcquire("A");
    };
    expect([at(0), at(100), at(200), at(300)]).toEqual([true, true, true, false]);
    // Refused requests do not count: the window frees up 1000 ms after the first accepted one.
    expect([at(999), at(1000), at(1001), at(1150)]).toEqual([false, true, false, true]);
    expect(limiter.tryAcquire("B")).toBe(true);
  });

  it("never accepts more than `limit` within any window (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 60 }),
        (limit, gaps) => {
          let now = 0;
          const limiter = new RequestRateLimiter(limit, 1000, () => now);
          const accepted: number[] = [];
          for (const gap of gaps) {
            now += gap;
            if (limiter.tryAcquire("k")) accepted.push(now);
          }
          for (let i = limit; i < accepted.length; i++) {
            expect((accepted[i] ?? 0) - (accepted[i - limit] ?? 0)).toBeGreaterThanOrEqual(1000);
          }
        },
      ),
    );
  });
});

describe("DeadlineQueue", () => {
  it("visits due entries earliest first and keeps the rest (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 50 }),
        fc.integer({ min: 0, max: 1000 }),
        (times, now) => {
          const queue = new DeadlineQueue<number>();
          times.forEach((t, i) => {
            queue.push(t, i, 0);
          });
          const seen: number[] = [];
          queue.popDue(now, (_item, at) => seen.push(at));
          expect(seen).toEqual(times.filter((t) => t <= now).sort((a, b) => a - b));
          const rest: number[] = [];
          queue.popDue(Number.POSITIVE_INFINITY, (_item, at) => rest.push(at));
          expect(rest).toEqual(times.filter((t) => t > now).sort((a, b) => a - b));
        },
      ),
    );
  });
});

describe("TaskIds", () => {
  it("look like the service's and are unique", () => {
    const cloud = newTaskId("cloud");
    const web = newTaskId("web");
    expect(cloud).toMatch(/^[A-Za-z0-9+\-_.]{56}$/);
    expect(cloud.endsWith("..")).toBe(true);
    expect(web).toMatch(/^[A-Za-z0-9+\-_.]{96}$/);
    expect(new Set(Array.from({ length: 1000 }, () => newTaskId("cloud"))).size).toBe(1000);
  });
});

describe("VirtualClock", () => {
  it("starts at a whole second of wall time and moves only when advanced", () => {
    const clock = new VirtualClock(false, 1_700_000_000_456);
    expect(clock.now()).toBe(1_700_000_000_000);
    expect(clock.advance(90)).toBe(1_700_000_090_000);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });
});
