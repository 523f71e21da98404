// The emulator's virtual clock. Task rules (MaxIdleTime, MaxDurationLimit, ResourceExpiredHour) follow it, so tests
// can jump hours ahead instantly; it stands still unless advanced, or also follows wall time in realtime mode.

export class VirtualClock {
  private readonly wallStart: number;
  private readonly virtualStart: number;
  private readonly realtime: boolean;
  private advancedMs = 0;

  constructor(realtime = false, wallNow: number = Date.now()) {
    this.wallStart = wallNow;
    // A whole second, so that the HTTP Date header (second resolution) states the virtual time exactly.
    this.virtualStart = Math.floor(wallNow / 1000) * 1000;
    this.realtime = realtime;
  }

  /** Virtual time, ms since the epoch. */
  now(): number {
    const elapsed = this.realtime ? Date.now() - this.wallStart : 0;
    return this.virtualStart + this.advancedMs + elapsed;
  }

  /** Moves the clock forward; it never goes back, since tasks that ended cannot restart. */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError(`advanceSeconds must be a finite number of seconds, zero or more (got ${seconds})`);
    }
    this.advancedMs += Math.round(seconds * 1000);
    return this.now();
  }
}
