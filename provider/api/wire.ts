// Resource inputs use the API's field names with the first letter lower-cased, at every depth, so the mapping to
// the wire format is mechanical.

/** `MixLayoutParams.BackGroundColor` style keys from `mixLayoutParams.backGroundColor` style keys. */
export type Wire<T> = T extends readonly (infer E)[]
  ? Wire<E>[]
  : T extends object
    ? { [K in keyof T as K extends string ? Capitalize<K> : K]: Wire<T[K]> }
    : T;

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[rename(k)] = mapKeys(v, rename);
    }
    return out;
  }
  return value;
}

export const capitalize = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);
export const uncapitalize = (key: string): string => key.charAt(0).toLowerCase() + key.slice(1);

/** Converts inputs to an API request body; `undefined` fields are dropped. */
export function toWire<T>(value: T): Wire<T> {
  return mapKeys(value, capitalize) as Wire<T>;
}
