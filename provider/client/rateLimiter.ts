// Client-side rate limiting: at most N requests per action in any one-second window, as the service counts them,
// where N adapts to the throttling this process sees (AdaptiveRate), so several processes sharing one account's
// limit settle on their shares of it without talking to each other.
// The service counts a request when it arrives, which is some time after the client sends it, so a window that
// starts at sending lets late arrivals of one batch collide with early arrivals of the next. Here a request holds its
// slot while in flight and for a full window after its answer: the service's window for it has then surely passed.
// A token bucket would be worse still: it allows a burst of N plus the refill within the same second.

// Clock granularity and the time between the service counting a request and the client seeing the answer.
const WINDOW_GUARD_MS = 10;

/** Call it once the request has an answer (or failed): the slot then stays taken for one more window. */
export type Release = () => void;

/**
 * The sending rate (requests per window) the service currently grants this process, learnt from its throttling.
 *
 * A throttle cuts the rate to what the service granted this process in the last window (its accepted requests), a
 * little below: the service counts every caller's requests against one limit and refuses the excess, so the shares
 * the processes sharing it were granted add up to the limit, and each taking its own share back makes their sum fit
 * at once, where a fixed cut (the AWS SDKs' 0.7) takes several windows of throttling to get 8 processes from the
 * full limit each down to their eighth. (aws-sdk-js-v3's DefaultRateLimiter cuts from its measured sending rate for
 * the same reason.) Successes then grow the rate along CUBIC's curve (Ha, Rhee and Xu, "CUBIC", 2008; as in the AWS
 * SDKs' adaptive retry mode): flat near the share that was granted, probing above it gently, then faster the longer
 * no throttle comes, so a process takes over the share of one that has finished.
 */
export class AdaptiveRate {
  readonly maxRate: number;
  private readonly now: () => number;
  private rate: number;
  /** The share granted at the last cut (CUBIC's W_max), and the rate the cut set. */
  private grantedRate: number;
  private cutRate: number;
  private lastThrottleMs = 0;
  private throttled = false;
  /** When this process's requests of the last window were accepted, oldest first. */
  private readonly accepted: number[] = [];

  /** After a cut the rate is this fraction of the share granted: room for the other processes' probing. */
  static readonly BETA = 0.9;
  // The AWS SDKs use 0.4 with rates in requests per second against services whose limits are in the thousands.
  // Against TRTC's 20 per second shared by 8 processes, 0.01 keeps the sum near the limit with few throttles and
  // lets a process left alone climb from an eighth of the limit to all of it in about 15 s (bench/multiStack.ts).
  static readonly SCALE = 0.01;
  static readonly CUT_INTERVAL_MS = 1000;
  /** One request every four seconds: a rate so low that going lower would only look like an outage. */
  static readonly MIN_RATE = 0.25;

  constructor(maxRate: number, now: () => number = () => performance.now()) {
    this.maxRate = Math.max(AdaptiveRate.MIN_RATE, maxRate);
    this.rate = this.maxRate;
    this.grantedRate = this.maxRate;
    this.cutRate = this.maxRate;
    this.now = now;
  }

  /** Requests per second to send at now. */
  get current(): number {
    return this.rate;
  }

  onThrottle(): void {
    const now = this.now();
    // Requests already in flight when the rate was cut answer with throttling too: one cut per window, as TCP cuts
    // once per round trip.
    if (this.throttled && now - this.lastThrottleMs < AdaptiveRate.CUT_INTERVAL_MS) return;
    this.forgetBefore(now - AdaptiveRate.CUT_INTERVAL_MS);
    const granted = this.accepted.length;
    // Nothing accepted in the last window (a first request refused, or a long wait): halve instead.
    const share = Math.max(AdaptiveRate.MIN_RATE, granted > 0 ? Math.min(granted, this.rate) : this.rate / 2);
    this.restartCurve(share, share * AdaptiveRate.BETA, now);
  }

  onSuccess(): void {
    const now = this.now();
    this.accepted.push(now);
    this.forgetBefore(now - AdaptiveRate.CUT_INTERVAL_MS);
    if (!this.throttled) return;
    // W(t) = C (t - K)^3 + W_max, with K the time at which W is back at W_max from the rate the cut set.
    const k = Math.cbrt((this.grantedRate - this.cutRate) / AdaptiveRate.SCALE);
    const t = (now - this.lastThrottleMs) / 1000;
    const cubic = AdaptiveRate.SCALE * (t - k) ** 3 + this.grantedRate;
    this.rate = Math.min(this.maxRate, Math.max(AdaptiveRate.MIN_RATE, cubic));
    if (this.rate >= this.maxRate) this.throttled = false;
  }

  /** Whether a throttle cut the rate less than `ms` ago (and it has not grown back to the limit since). */
  cutWithin(ms: number): boolean {
    return this.throttled && this.now() - this.lastThrottleMs < ms;
  }

  /** Starts at `share` as if a throttle had just granted it, growing from there along the same curve. */
  startAt(share: number): void {
    const granted = Math.min(this.maxRate, Math.max(AdaptiveRate.MIN_RATE, share));
    this.restartCurve(granted, granted, this.now());
  }

  /** CUBIC's curve from `rate` at `now`, back at `granted` (W_max) after K seconds. */
  private restartCurve(granted: number, rate: number, now: number): void {
    this.grantedRate = granted;
    this.rate = Math.max(AdaptiveRate.MIN_RATE, rate);
    this.cutRate = this.rate;
    this.lastThrottleMs = now;
    this.throttled = this.rate < this.maxRate;
  }

  private forgetBefore(time: number): void {
    let stale = 0;
    while (stale < this.accepted.length && (this.accepted[stale] ?? 0) <= time) stale++;
    if (stale > 0) this.accepted.splice(0, stale);
  }
}

export interface AcquireOptions {
  /** Served before callers that have not been throttled yet: a retried call keeps its place in line. */
  priority?: boolean;
}

export class SlidingWindowLimiter {
  /** Requests per `baseWindowMs` the service currently grants (at most the configured limit). */
  readonly rate: AdaptiveRate;
  private readonly baseWindowMs: number;
  private readonly now: () => number;
  private readonly waiters: Array<(release: Release) => void> = [];
  /** When recently finished requests finished, oldest first. */
  private readonly finished: number[] = [];
  private inFlight = 0;
  private lastGrant = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  /**
   * At most `limit` requests per window (one second plus a guard for clock granularity) while the service does not
   * throttle. Under throttling `rate` lowers the limit, and below one request per window lengthens the window.
   */
  constructor(limit: number, windowMs = 1000 + WINDOW_GUARD_MS, now: () => number = () => performance.now()) {
    this.rate = new AdaptiveRate(Math.max(1, Math.floor(limit)), now);
    this.baseWindowMs = windowMs;
    this.now = now;
  }

  /** Requests allowed per window now. */
  get limit(): number {
    return Math.max(1, Math.floor(this.rate.current));
  }

  /**
   * The window now: the base window (never shorter: the service counts per second, so two short windows inside one
   * second would exceed the rate), longer while the rate is below one request per base window.
   */
  get windowMs(): number {
    const rate = this.rate.current;
    return rate >= 1 ? this.baseWindowMs : Math.round(this.baseWindowMs / rate);
  }

  /** Resolves when the caller may send one request; callers are served in arrival order. */
  acquire(options: AcquireOptions = {}): Promise<Release> {
    return new Promise((resolve) => {
      if (options.priority) this.waiters.unshift(resolve);
      else this.waiters.push(resolve);
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
    const windowMs = this.windowMs;
    const limit = this.limit;
    // Requests are paced evenly across the window, never sent as a burst: when several processes start at once (stacks
    // brought up on the hour), bursts of the full limit from each would be refused all but one limit's worth, while
    // paced requests meet the service's refusal after a few each and every process cuts to its share at once.
    const spacing = this.baseWindowMs / this.rate.current;
    while (this.finished.length > 0 && (this.finished[0] ?? 0) <= now - windowMs) this.finished.shift();
    let paceWait = 0;
    while (this.waiters.length > 0 && this.inFlight + this.finished.length < limit) {
      // A millisecond early is fine (the guard is larger) and keeps timer rounding from adding up over a window.
      if (now + 1 < this.lastGrant + spacing) {
        paceWait = this.lastGrant + spacing - now;
        break;
      }
      this.lastGrant = now;
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
    // Waiting callers: the next slot frees when the oldest finished request leaves the window, at a release, or
    // when the pacing interval has passed.
    let wait = paceWait;
    if (this.waiters.length > 0 && paceWait === 0 && this.finished.length > 0) {
      wait = (this.finished[0] ?? now) + windowMs - now;
    }
    if (this.waiters.length > 0 && wait > 0) {
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.drain();
        },
        Math.max(1, wait),
      );
    }
  }
}

/**
 * One limiter per action: the service counts each action's requests separately. A client owns one; clients that must
 * share an account's limit in one process (tests, benchmarks) can be given the same one.
 */
export class ActionRateLimits {
  readonly perSecond: number;
  private readonly limiters = new Map<string, SlidingWindowLimiter>();

  /** How recent a throttle on one action must be to count as the account being busy for the next action used. */
  static readonly BUSY_MS = 10_000;

  constructor(perSecond: number) {
    this.perSecond = perSecond;
  }

  for(action: string): SlidingWindowLimiter {
    let limiter = this.limiters.get(action);
    if (!limiter) {
      limiter = new SlidingWindowLimiter(this.perSecond);
      // Throttling on another action means other processes share the account, and they use its other actions too
      // (a refresh describes one kind of recording, then the other): start at the largest share learnt there rather
      // than at the full limit, which would meet the others in a burst of throttling, and grow from it.
      const shares = [...this.limiters.values()]
        .filter((other) => other.rate.cutWithin(ActionRateLimits.BUSY_MS))
        .map((other) => other.rate.current);
      if (shares.length > 0) limiter.rate.startAt(Math.max(...shares));
      this.limiters.set(action, limiter);
    }
    return limiter;
  }
}
