// What the provider tells the user besides errors.

import { redactText } from "../client/redact";

/** Warnings go to stderr, which the engine shows as the resource's diagnostics. Secrets are masked. */
export function warn(message: string, secrets: Array<string | undefined> = []): void {
  console.error(`warning: ${redactText(message, secrets)}`);
}
