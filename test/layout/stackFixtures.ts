// Real output of the Pulumi CLI (pulumi-cli/obtain.sh's build) for examples/quickstart and examples/custom-layout
// against the emulator, trimmed of stack traces, with secret ciphertexts and the passphrase salt replaced:
// - *.stack-export.json: `pulumi stack export` after `up` (secrets as ciphertext envelopes);
// - quickstart.preview.json: `pulumi preview --json` of a new stack (creates; secrets print as "[secret]");
// - custom-layout.preview-update.json: `pulumi preview --json` after `layout` was set to picture-in-picture (update).

import { readFileSync } from "node:fs";
import { join } from "node:path";

export const FIXTURES = join(__dirname, "fixtures");

export type FixtureName =
  | "quickstart.stack-export.json"
  | "quickstart.preview.json"
  | "custom-layout.stack-export.json"
  | "custom-layout.preview-update.json";

/** A fresh parsed copy of a fixture (tests may change it). */
export function fixture(name: FixtureName) {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
}
