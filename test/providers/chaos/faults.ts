// The faults the chaos run has the emulator inject before a step, and the count of those that fired.
//
// Rules that keep the run meaningful rather than merely destructive:
// - a commit-then-reset on a start is injected at most twice, and lost starts (reset or commit-then-reset) at most
//   three times per step: the provider makes 4 attempts, and a start whose every answer was lost leaves a task
//   the service gives no way to find (the provider says so in its error);
// - a delayed start always completes within its attempt: a start the client gave up on but the service ran later,
//   after the retry, would interrupt the retry's robot (a residual risk of any retry, not exercised here);
// - the kinds come from a seeded bag holding each kind twice, refilled when empty, so every kind is injected every
//   few steps, and most faults are aimed at actions the step calls, so that they fire.

import type { Emulator, FaultKind, FaultSpec } from "../../../emulator";
import { ACTIONS, type ActionName } from "../../../provider/api/actions";
import type { SeededRandom } from "./random";

/** The faults the chaos run injects: the emulator's transport-level ones (an injected API error code is tested per code elsewhere). */
export type ChaosFault = Exclude<FaultKind, "error">;
/** A fault spec the chaos run makes. */
type ChaosSpec = FaultSpec & { fault: ChaosFault };
export const FAULT_KINDS: readonly ChaosFault[] = ["throttle", "internal-error", "reset", "delay", "commit-then-reset"];

const STARTS: readonly ActionName[] = ["CreateCloudRecording", "StartWebRecord"];
/** Below the 1.5 s attempt timeout the chaos configures, so a delayed start completes within its attempt. */
const SHORT_DELAY_MS = 600;
/** Beyond the attempt timeout: a read, change or stop the client gives up on and retries (once, by the deadline). */
const LONG_DELAY_MS = 1_700;
/** Share of steps that get faults. */
const FAULTY_STEPS = 0.75;

/** Provider settings of a chaos run (stack config), on top of the emulator's. */
export function chaosProviderConfig(): Record<string, string> {
  return {
    // Throttling comes from injected faults here; the rate limiter has its own tests.
    "trtc:maxRequestsPerSecond": "1000",
    // Short limits, so that faults that outlast the retries surface as user-visible failures within seconds.
    "trtc:requestTimeoutSeconds": "1.5",
    "trtc:deadlineSeconds": "2",
  };
}

export class FaultInjector {
  private readonly rng: SeededRandom;
  private readonly emulator: Emulator;
  private bag: ChaosFault[] = [];
  private requestsSeen = 0;
  readonly injected: Record<ChaosFault, number> = zeroCounts(FAULT_KINDS);
  readonly fired: Record<ChaosFault, number> = zeroCounts(FAULT_KINDS);
  apiRequests = 0;

  constructor(rng: SeededRandom, emulator: Emulator) {
    this.rng = rng;
    this.emulator = emulator;
  }

  /** Random faults for the next step, most of them aimed at the actions it is likely to call. */
  inject(likely: readonly ActionName[]): ChaosSpec[] {
    const rng = this.rng;
    if (!rng.chance(FAULTY_STEPS)) return [];
    let specs: ChaosSpec[] = [];
    for (let i = rng.pick([1, 1, 2, 2, 3]); i > 0; i--) {
      const fault = this.nextKind();
      const aim = rng.next();
      const action = aim < 0.15 || likely.length === 0 ? undefined : aim < 0.9 ? rng.pick(likely) : rng.pick(ACTIONS);
      const spec: ChaosSpec = { fault, times: this.timesFor(fault) };
      if (action) spec.action = action;
      if (fault === "delay") {
        // Only a read, change or stop may outlast its attempt (see the header).
        const mayOutlast = action !== undefined && !STARTS.includes(action);
        spec.delayMs = mayOutlast && rng.chance(0.2) ? LONG_DELAY_MS : rng.int(20, SHORT_DELAY_MS);
      }
      specs.push(spec);
    }
    // At most three lost answers for starts per step: the fourth attempt gets through.
    let lostStarts = 3;
    specs = specs.filter((s) => {
      const mayHitStart = s.action === undefined || STARTS.includes(s.action);
      if (!mayHitStart || (s.fault !== "reset" && s.fault !== "commit-then-reset")) return true;
      s.times = Math.min(s.times ?? 1, lostStarts);
      lostStarts -= s.times;
      return s.times > 0;
    });
    for (const spec of specs) {
      this.emulator.setFault(spec);
      this.injected[spec.fault] += spec.times ?? 1;
    }
    return specs;
  }

  /**
   * After the step: waits out delayed requests (a client that gave up on one leaves it to be applied late, and the
   * invariants must see its effect), then drops what did not fire and counts what did, from the request log.
   */
  async settle(injected: readonly FaultSpec[]): Promise<void> {
    const delay = Math.max(0, ...injected.map((s) => (s.fault === "delay" ? (s.delayMs ?? 0) : 0)));
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay + 200));
    this.emulator.clearFaults();
    const requests = this.emulator.requests();
    for (const request of requests.slice(this.requestsSeen)) {
      // Only the chaos run injects faults into its emulator, so every fault it sees is one of its own.
      if (request.fault) this.fired[request.fault as ChaosFault]++;
    }
    this.apiRequests += requests.length - this.requestsSeen;
    this.requestsSeen = requests.length;
  }

  private nextKind(): ChaosFault {
    if (this.bag.length === 0) {
      this.bag = [...FAULT_KINDS, ...FAULT_KINDS];
      for (let i = this.bag.length - 1; i > 0; i--) {
        const j = this.rng.int(0, i);
        [this.bag[i], this.bag[j]] = [this.bag[j] as ChaosFault, this.bag[i] as ChaosFault];
      }
    }
    return this.bag.pop() as ChaosFault;
  }

  private timesFor(fault: ChaosFault): number {
    switch (fault) {
      case "throttle":
        // A third throttle in a row usually outlasts the 2 s deadline: a user-visible failure.
        return this.rng.pick([1, 1, 1, 2, 3]);
      case "internal-error":
        // Six is an outage that outlasts every retry.
        return this.rng.pick([1, 1, 2, 3, 6]);
      case "reset":
        return this.rng.int(1, 3);
      case "delay":
        return this.rng.int(1, 2);
      case "commit-then-reset":
        // Never more than twice: see the header.
        return this.rng.int(1, 2);
    }
  }
}

export function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}
