// Injected failures for the next N matching requests, to exercise clients' retry and recovery paths.
// `commit-then-reset` is the ambiguous case: the action runs (a task may start) but no answer ever arrives.
// `error` answers any code the action documents (errorCodes.ts), with the catalogue's description as the message.

import { z } from "zod";
import { ACTIONS, type ActionName } from "../provider/api/actions";
import { allDocumentedCodes, isDocumentedFor } from "./errorCodes";

export const FAULT_KINDS = ["throttle", "internal-error", "reset", "delay", "commit-then-reset", "error"] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /** Only requests for this action; every action when omitted. */
  action?: ActionName;
  fault: FaultKind;
  /** How many matching requests it applies to. @defaultValue 1 */
  times?: number;
  /** For `delay`: how long to hold the request before processing it. */
  delayMs?: number;
  /** For `error`: the code to answer, one the action documents (or a common code). */
  code?: string;
  /** For `error`: the message; the catalogue's description of the code by default. */
  message?: string;
}

export interface Fault {
  kind: FaultKind;
  delayMs: number;
  code?: string | undefined;
  message?: string | undefined;
}

interface PendingFault extends Fault {
  action: ActionName | undefined;
  remaining: number;
}

// An hour is far beyond any client timeout; longer delays are typos.
const MAX_DELAY_MS = 3_600_000;

function faultSpecSchema() {
  return z
    .strictObject({
      action: z.enum(ACTIONS, { error: `must be one of ${ACTIONS.join(", ")}` }).optional(),
      fault: z.enum(FAULT_KINDS, { error: `must be one of ${FAULT_KINDS.join(", ")}` }),
      times: z.int({ error: "must be a positive integer" }).min(1, { error: "must be a positive integer" }).optional(),
      delayMs: z
        .number({ error: "must be a number of milliseconds" })
        .min(0, { error: "must be zero or more" })
        .max(MAX_DELAY_MS, { error: `must be at most ${MAX_DELAY_MS}` })
        .optional(),
      code: z.string({ error: "must be an error code" }).optional(),
      message: z
        .string({ error: "must be a string" })
        .max(1000, { error: "must be at most 1000 characters" })
        .optional(),
    })
    .refine((spec) => spec.fault !== "delay" || spec.delayMs !== undefined, {
      error: "delayMs is required for the delay fault",
      path: ["delayMs"],
    })
    .refine((spec) => (spec.fault === "error") === (spec.code !== undefined), {
      error: "code is required for the error fault, and only for it",
      path: ["code"],
    })
    .refine(
      (spec) =>
        spec.code === undefined ||
        (spec.action === undefined
          ? allDocumentedCodes().includes(spec.code)
          : isDocumentedFor(spec.action, spec.code)),
      { error: "must be a code the action documents (see emulator/errorCodes.ts)", path: ["code"] },
    );
}

let schema: ReturnType<typeof faultSpecSchema> | undefined;

/** Checks an untrusted fault description (admin route or in-process call); throws a readable error. */
export function parseFaultSpec(value: unknown): FaultSpec {
  schema ??= faultSpecSchema();
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")} ` : "";
    throw new TypeError(`invalid fault: ${where}${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

export class FaultQueue {
  private pending: PendingFault[] = [];

  add(spec: FaultSpec): void {
    const checked = parseFaultSpec(spec);
    this.pending.push({
      action: checked.action,
      kind: checked.fault,
      remaining: checked.times ?? 1,
      delayMs: checked.delayMs ?? 0,
      code: checked.code,
      message: checked.message,
    });
  }

  /** Consumes one use of the oldest fault matching `action`, if any. */
  take(action: ActionName): Fault | undefined {
    if (this.pending.length === 0) return undefined;
    const index = this.pending.findIndex((f) => f.action === undefined || f.action === action);
    const found = this.pending[index];
    if (!found) return undefined;
    found.remaining--;
    if (found.remaining === 0) this.pending.splice(index, 1);
    return { kind: found.kind, delayMs: found.delayMs, code: found.code, message: found.message };
  }

  list(): FaultSpec[] {
    return this.pending.map((f) => ({
      ...(f.action === undefined ? {} : { action: f.action }),
      fault: f.kind,
      times: f.remaining,
      ...(f.kind === "delay" ? { delayMs: f.delayMs } : {}),
      ...(f.code === undefined ? {} : { code: f.code }),
      ...(f.message === undefined ? {} : { message: f.message }),
    }));
  }

  clear(): void {
    this.pending = [];
  }
}
