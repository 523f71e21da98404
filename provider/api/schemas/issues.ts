// Turns zod issues into Pulumi check failures: one per property, with a dot path and a human reason.
// Values that are unknown at preview time are never reported.

import type { z } from "zod";

/** The value Pulumi substitutes for outputs that are not known yet during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

type Path = readonly PropertyKey[];

export function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function touchesUnknown(root: unknown, path: Path): boolean {
  for (let i = 0; i <= path.length; i++) {
    if (valueAt(root, path.slice(0, i)) === UNKNOWN) return true;
  }
  return containsUnknown(valueAt(root, path));
}

/** `mixLayoutParams.mixLayoutList[0].top`, the form Pulumi shows next to a property. */
export function formatPath(path: Path): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

const EXPECTED_TYPES: Record<string, string> = {
  object: "must be an object",
  array: "must be a list",
  string: "must be a string",
  number: "must be a number",
  int: "must be an integer",
  boolean: "must be true or false",
};

/** A wrong-type reason people can read: zod's default "Invalid input: expected ..." becomes "must be a list". */
export function typeReason(issue: z.core.$ZodIssueInvalidType): string {
  return issue.message.startsWith("Invalid input") ? (EXPECTED_TYPES[issue.expected] ?? issue.message) : issue.message;
}

/** The field of the object schema at `path` that `key` was probably meant to be (same name, other case). */
export function suggestField(schema: unknown, path: Path, key: string): string | undefined {
  return keysOfObjectSchema(schema, path).find((k) => k.toLowerCase() === key.toLowerCase());
}

function keysOfObjectSchema(schema: unknown, path: Path): string[] {
  let node = schema as { shape?: Record<string, unknown>; unwrap?: () => unknown; element?: unknown } | undefined;
  const step = () => {
    while (node && !node.shape && typeof node.unwrap === "function") node = node.unwrap() as typeof node;
  };
  step();
  for (const key of path) {
    if (typeof key === "number") node = node?.element as typeof node;
    else node = node?.shape?.[String(key)] as typeof node;
    step();
  }
  return node?.shape ? Object.keys(node.shape) : [];
}

/**
 * Converts issues to failures, the first reason per property only (a bad URL breaks several rules at once).
 * `schema` lets unknown-field messages suggest the field that was meant.
 */
export function toCheckFailures(issues: readonly z.core.$ZodIssue[], input: unknown, schema?: unknown): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const seen = new Set<string>();
  const add = (failure: CheckFailure) => {
    if (seen.has(failure.property)) return;
    seen.add(failure.property);
    failures.push(failure);
  };
  for (const issue of issues) {
    if (touchesUnknown(input, issue.path)) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const meant = schema ? suggestField(schema, issue.path, key) : undefined;
        add({
          property: formatPath([...issue.path, key]),
          reason: meant ? `is not a known field; did you mean "${meant}"?` : "is not a known field",
        });
      }
      continue;
    }
    let reason = issue.message;
    if (issue.code === "invalid_type") {
      reason = valueAt(input, issue.path) === undefined ? "is required" : typeReason(issue);
    }
    add({ property: formatPath(issue.path) || "(inputs)", reason });
  }
  return failures;
}
