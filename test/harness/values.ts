// Small helpers over JSON-like property values.

import { isPlainObject, isSecret, type Props } from "./secrets";

/** Structural equality; a missing key equals an `undefined` one, as in a property map. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!deepEqual(a[key], b[key])) return false;
    }
    return true;
  }
  return false;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function without(props: Props, keys: readonly string[]): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** The value at a check-failure property path such as `limits.max` or `items[0].name`, if there is one. */
export function valueAtPath(props: Props, path: string): unknown {
  let current: unknown = props;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
    if (isSecret(current)) current = current.value;
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isPlainObject(current)) current = current[part];
    else return undefined;
  }
  return current;
}

/** A value as the CLI shows it in a diagnostic: secrets masked. */
export function renderValue(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_key, v: unknown) => (isSecret(v) ? "[secret]" : v));
}
