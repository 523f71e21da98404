// Every API request the emulator answered (or dropped), for tests and demos to assert on.

import type { FaultKind } from "./faults";

export interface RequestLogEntry {
  /** X-TC-Action as sent ("" when missing). */
  action: string;
  /** Virtual time of the answer, ISO 8601. */
  at: string;
  /** Real time of the answer, Unix milliseconds: benchmarks place requests within a phase by it. */
  realTimeMs: number;
  /** `OK`, the API error code, or `ConnectionReset` when a fault dropped the request unanswered. */
  code: string;
  requestId: string;
  /** The injected fault that applied, if any. */
  fault: FaultKind | null;
}

interface StoredEntry {
  action: string;
  at: number;
  realTimeMs: number;
  code: string;
  requestId: string;
  fault: FaultKind | null;
}

// Benchmarks send millions of requests; the oldest are forgotten beyond this many.
const MAX_ENTRIES = 100_000;

export class RequestLog {
  private entries: StoredEntry[] = [];

  record(entry: StoredEntry): void {
    this.entries.push(entry);
    // Trimming in batches keeps recording O(1) amortized.
    if (this.entries.length >= 2 * MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES);
  }

  list(): RequestLogEntry[] {
    const from = Math.max(0, this.entries.length - MAX_ENTRIES);
    return this.entries.slice(from).map((e) => ({ ...e, at: new Date(e.at).toISOString() }));
  }

  clear(): void {
    this.entries = [];
  }
}
