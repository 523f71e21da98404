// Finding credentials where Pulumi persists or prints them: in text (state files, history, backups, config files,
// CLI output), and in the decrypted state export outside the values marked secret.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * How `pulumi stack export --show-secrets` writes a secret: exactly these two keys, the value JSON-encoded in
 * `plaintext` (the state file has `ciphertext` there instead).
 */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A decrypted secret value of the export, in exactly the shape the CLI writes. */
export function isDecryptedSecret(value: unknown): value is { plaintext: string } {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  const record = value as Record<string, unknown>;
  return (
    keys.length === 2 &&
    keys[0] === SECRET_SIG_KEY &&
    keys[1] === "plaintext" &&
    record[SECRET_SIG_KEY] === SECRET_SIG &&
    typeof record.plaintext === "string"
  );
}

/** A string as a JSON encoder writes it inside a string literal; Go's also escapes `&`, `<` and `>`. */
function jsonEscaped(text: string, go: boolean): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return go ? escaped.replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e") : escaped;
}

/**
 * The forms a credential takes in text: as it is, JSON-encoded (by Node or by Go, which escapes `&`, so a CDN URL
 * in a state file reads `…\u0026txTime…`), and JSON-encoded twice (JSON config inside a JSON file).
 */
export function writtenForms(credential: string): string[] {
  const forms = new Set([credential]);
  for (const go of [false, true]) {
    const once = jsonEscaped(credential, go);
    forms.add(once);
    forms.add(jsonEscaped(once, go));
  }
  return [...forms];
}

/** The credentials that occur in `text` in any written form. */
export function credentialsIn(text: string, credentials: readonly string[]): string[] {
  return credentials.filter((credential) => writtenForms(credential).some((form) => text.includes(form)));
}

/** Each credential that occurs in `text` in any written form, with a little context (and only its first characters). */
export function leaksIn(text: string, credentials: readonly string[]): string[] {
  const found: string[] = [];
  for (const credential of credentials) {
    for (const form of writtenForms(credential)) {
      const at = text.indexOf(form);
      if (at < 0) continue;
      const context = `${text.slice(Math.max(0, at - 40), at)}<${credential.slice(0, 6)}…>${text.slice(at + form.length, at + form.length + 20)}`;
      found.push(`${credential.slice(0, 6)}… at "${context.replace(/\s+/g, " ")}"`);
      break;
    }
  }
  return found;
}

/**
 * Each credential found in a decrypted export outside values marked secret, with its path; and each value that
 * carries the secret signature in any other shape (it would not be a secret the CLI knows).
 */
export function plaintextOutsideSecrets(value: unknown, credentials: readonly string[], path = "$"): string[] {
  if (isDecryptedSecret(value)) return [];
  if (typeof value === "string") return leaksIn(value, credentials).map((leak) => `${path}: ${leak}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => plaintextOutsideSecrets(v, credentials, `${path}[${i}]`));
  if (value && typeof value === "object") {
    const problems =
      SECRET_SIG_KEY in value
        ? [`${path}: a secret not in the export's shape: ${JSON.stringify(value).slice(0, 200)}`]
        : [];
    return [
      ...problems,
      ...Object.entries(value).flatMap(([k, v]) => plaintextOutsideSecrets(v, credentials, `${path}.${k}`)),
    ];
  }
  return [];
}

/** The values of every secret in a decrypted export, decoded and joined: what the state keeps encrypted. */
export function secretPlaintexts(value: unknown): string {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (isDecryptedSecret(v)) {
      const decoded: unknown = JSON.parse(v.plaintext);
      found.push(typeof decoded === "string" ? decoded : JSON.stringify(decoded));
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return found.join("\n");
}

/** Every file under `dir` (recursively), as `[path relative to dir, text]`. */
export function filesUnder(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) {
        // Compressed state (PULUMI_SELF_MANAGED_STATE_GZIP) is read as what it holds; anything else, binary or not,
        // as its bytes: a credential written there is found either way.
        const bytes = readFileSync(path);
        out.push([relative(dir, path), (entry.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("latin1")]);
      }
    }
  };
  walk(dir);
  return out;
}

/** Each credential in any file under the directories, named by file. */
export function leaksInFiles(dirs: readonly string[], credentials: readonly string[]): string[] {
  return dirs.flatMap((dir) =>
    filesUnder(dir).flatMap(([file, text]) => leaksIn(text, credentials).map((leak) => `${join(dir, file)}: ${leak}`)),
  );
}
