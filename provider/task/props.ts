// Inputs and state as the engine hands them over: plain JSON-like objects. Helpers to compare and clean them.

export type Props = Record<string, unknown>;

/**
 * Keys the resource classes add to inputs: the logical name and the stack ("project/stack"), from which ids are
 * generated, and whether an id was generated. The engine adds `__provider`, the serialized provider.
 */
export const NAME_KEY = "__logicalName";
export const STACK_KEY = "__stack";
export const AUTONAMED_KEY = "__autoNamed";
export const PROVIDER_KEY = "__provider";
/** Hidden inputs: never sent to the API, never a reason to change anything. */
export const HIDDEN_KEYS: readonly string[] = [NAME_KEY, STACK_KEY, AUTONAMED_KEY, PROVIDER_KEY];

/** Removes `undefined` everywhere: the provider host rejects it ("Unexpected struct type") after the API call. */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : stripUndefined(v))) as T;
  if (value && typeof value === "object") {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
    return out as T;
  }
  return value;
}

/** Structural equality of JSON-like values, where a missing key equals an `undefined` one. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual((a as Props)[k], (b as Props)[k])) return false;
    return true;
  }
  return false;
}

export function pick(source: Props, keys: readonly string[]): Props {
  const out: Props = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}

export function omit(source: Props, keys: readonly string[]): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(source)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** JSON with object keys sorted, so equal inputs give equal text whatever order the program wrote them in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Props).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
