// Keeps credentials, signatures, UserSigs and storage keys out of messages and logs.

import { isSecretField, MASK } from "../api/secretFields";

// Shorter values would mask ordinary words; real keys and signatures are far longer.
const MIN_SECRET_LENGTH = 6;

/** Replaces every occurrence of each known secret in `text`. */
export function redactText(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(MASK);
  }
  // Signatures in Authorization headers are derived from the key, so they never appear either.
  return out.replace(/Signature=[0-9a-f]{16,}/gi, `Signature=${MASK}`);
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
