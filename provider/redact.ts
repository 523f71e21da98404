// Keeps credentials, signatures, UserSigs and storage keys out of messages and logs.

const MASK = "***";
// Shorter values would mask ordinary words; real keys and signatures are far longer.
const MIN_SECRET_LENGTH = 6;

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

/** Replaces every occurrence of each known secret in `text`. */
export function redactText(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(MASK);
  }
  // Signatures in Authorization headers are derived from the key, so they never appear either.
  return out.replace(/Signature=[0-9a-f]{16,}/gi, `Signature=${MASK}`);
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

/** Collects the values of secret fields of a request body, so they can be masked wherever they show up. */
export function collectSecretValues(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) collectSecretValues(v, into);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (isSecretField(k) && typeof v === "string") into.push(v);
      else collectSecretValues(v, into);
    }
  }
  return into;
}
