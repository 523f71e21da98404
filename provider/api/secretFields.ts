// Which request fields hold secrets: credentials, UserSigs, PrivateMapKeys and storage keys. The client masks their
// values in messages; the emulator masks them in what it shows.

/** What a masked secret reads as. */
export const MASK = "***";

// Field names whose values are always secret, in either API (PascalCase) or input (camelCase) spelling.
const SECRET_FIELDS = new Set([
  "secretkey",
  "accesskey",
  "usersig",
  "privatemapkey",
  "sessiontoken",
  "token",
  "authorization",
  "sdksecretkey",
]);

export function isSecretField(name: string): boolean {
  return SECRET_FIELDS.has(name.toLowerCase());
}

/** Deep copy of a request body with every secret field masked, for logs and the emulator's admin view. */
export function redactFields<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => redactFields(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretField(k) && typeof v === "string" ? MASK : redactFields(v);
    }
    return out as T;
  }
  return value;
}
