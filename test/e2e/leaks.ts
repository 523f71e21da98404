// Finding credentials where Pulumi would persist or print them in plaintext.

import { isSecret } from "../harness/secrets";

/** Each secret that occurs in `text`, with a little context. */
export function leaksIn(text: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    const at = text.indexOf(secret);
    if (at >= 0) found.push(`${secret.slice(0, 6)}… at "${text.slice(Math.max(0, at - 40), at + secret.length + 10)}"`);
  }
  return found;
}

/** Each secret found in a (decrypted) state value outside values marked secret, with its path. */
export function plaintextOutsideSecrets(value: unknown, secrets: readonly string[], path = "$"): string[] {
  if (isSecret(value)) return [];
  if (typeof value === "string") return leaksIn(value, secrets).map((leak) => `${path}: ${leak}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => plaintextOutsideSecrets(v, secrets, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => plaintextOutsideSecrets(v, secrets, `${path}.${k}`));
  }
  return [];
}
