// Generated ids (robot UserId, RecordId): the same inputs give the same id, so `pulumi preview` shows the id
// `pulumi up` uses, and a run interrupted after a start finds its task again on the next run instead of orphaning it.

import { createHash } from "node:crypto";
import { UNKNOWN } from "../api/schemas/issues";
import type { TaskDeclaration } from "./declaration";
import { canonicalJson, HIDDEN_KEYS, NAME_KEY, omit, type Props, STACK_KEY } from "./props";

const SAFE = /[^A-Za-z0-9_]/g;

/**
 * An identifier from readable parts and a suffix hashed from `seed`, within `maxBytes` of letters, digits, `_` and
 * `-`.
 */
export function autoName(parts: readonly string[], maxBytes: number, seed: string): string {
  const suffix = createHash("sha256")
    .update(seed)
    .digest("base64url")
    .replace(/[^A-Za-z0-9]/g, "x")
    .slice(0, 6);
  const budget = maxBytes - suffix.length - parts.length;
  const each = Math.max(1, Math.floor(budget / Math.max(1, parts.length)));
  const readable = parts.map((p) => p.replace(SAFE, "_").slice(0, each) || "x");
  return [...readable, suffix].join("-").slice(0, maxBytes);
}

/**
 * The id `check` generates for these inputs when it has no earlier one to keep (a new resource, or the engine's
 * re-check before a replacement). `diff` asks it too: a replacement whose fresh id would equal the old one must
 * delete the old task first. UNKNOWN while what it derives from is unknown (a preview of computed inputs).
 */
export function freshId(id: TaskDeclaration["id"], inputs: Props): string {
  const name = typeof inputs[NAME_KEY] === "string" ? inputs[NAME_KEY] : "recording";
  // Everything that identifies the task, secrets reduced to whether they are set: an id is public, and a hash of a
  // short secret could be searched for. Changing only a secret therefore keeps the id (see diff).
  let seedFields: unknown = omit(inputs, [id.field, ...HIDDEN_KEYS]);
  for (const path of id.secretPaths) seedFields = maskPath(seedFields, path);
  if (containsUnknown(seedFields)) return UNKNOWN;
  return id.make(name, inputs, canonicalJson([inputs[STACK_KEY] ?? "", name, seedFields]));
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** `value` with the leaves at `path` ("*" matches every array element) replaced by "set". */
function maskPath(value: unknown, path: readonly string[]): unknown {
  if (value === undefined || value === null) return value;
  const [head, ...rest] = path;
  if (head === undefined) return "set";
  if (head === "*") return Array.isArray(value) ? value.map((v) => maskPath(v, rest)) : value;
  if (typeof value !== "object" || Array.isArray(value) || !(head in value)) return value;
  return { ...(value as Props), [head]: maskPath((value as Props)[head], rest) };
}
