// Stack state on disk. Secrets are stored the way a passphrase secrets provider stores them: each secret value is
// replaced by `{[SIG_KEY]: SECRET_SIG, ciphertext}`, AES-256-GCM under a key derived by scrypt from a passphrase and a
// per-stack salt, so no plaintext secret ever reaches the file. Loading decrypts back to plain secret wrappers.

import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isPlainObject, isSecret, type Props, SECRET_SIG, SIG_KEY, secret } from "./secrets";
import { STATE_VERSION, type StackState } from "./stackState";

export const DEFAULT_PASSPHRASE = "harness-passphrase";

export interface StateFileOptions {
  /** Defaults to "harness-passphrase". */
  passphrase?: string;
}

interface EncryptedSecret {
  [SIG_KEY]: typeof SECRET_SIG;
  ciphertext: string;
}

/** The file's format: the state plus what is needed to decrypt it. */
interface StateFileContents extends StackState {
  secretsProvider: { type: "passphrase"; salt: string };
}

const CIPHERTEXT_PREFIX = "v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const keyCache = new Map<string, Buffer>();

/** Reads a state file; `undefined` when there is none yet. A wrong passphrase fails loudly. */
export function loadState(path: string, options: StateFileOptions = {}): StackState | undefined {
  if (!existsSync(path)) return undefined;
  const contents = JSON.parse(readFileSync(path, "utf8")) as StateFileContents;
  const key = deriveKey(options.passphrase ?? DEFAULT_PASSPHRASE, contents.secretsProvider.salt);
  const { secretsProvider: _provider, ...state } = contents;
  return decryptSecrets(state, key) as StackState;
}

/** Writes a state file atomically, reusing the file's salt so unchanged secrets keep decrypting with one key. */
export function saveState(path: string, state: StackState, options: StateFileOptions = {}): void {
  let salt = randomBytes(16).toString("base64");
  if (existsSync(path)) {
    try {
      salt = (JSON.parse(readFileSync(path, "utf8")) as StateFileContents).secretsProvider.salt;
    } catch {
      // An unreadable old file is simply replaced.
    }
  }
  const key = deriveKey(options.passphrase ?? DEFAULT_PASSPHRASE, salt);
  const contents: StateFileContents = {
    ...(encryptSecrets({ ...state, version: STATE_VERSION }, key) as StackState),
    secretsProvider: { type: "passphrase", salt },
  };
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(contents, null, 2)}\n`);
  renameSync(temporary, path);
}

export function encryptSecrets(value: unknown, key: Buffer): unknown {
  if (isSecret(value)) {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    const body = Buffer.concat([cipher.update(JSON.stringify(value.value ?? null), "utf8"), cipher.final()]);
    const sealed = Buffer.concat([body, cipher.getAuthTag()]).toString("base64");
    const encrypted: EncryptedSecret = {
      [SIG_KEY]: SECRET_SIG,
      ciphertext: `${CIPHERTEXT_PREFIX}:${nonce.toString("base64")}:${sealed}`,
    };
    return encrypted;
  }
  if (Array.isArray(value)) return value.map((v) => encryptSecrets(v, key));
  if (isPlainObject(value)) {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) out[k] = encryptSecrets(v, key);
    return out;
  }
  return value;
}

export function decryptSecrets(value: unknown, key: Buffer): unknown {
  if (isEncryptedSecret(value)) {
    const [prefix, nonce, sealed] = value.ciphertext.split(":");
    if (prefix !== CIPHERTEXT_PREFIX || nonce === undefined || sealed === undefined) {
      throw new Error("unrecognised secret ciphertext in state file");
    }
    const bytes = Buffer.from(sealed, "base64");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64"));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]);
    return secret(JSON.parse(plain.toString("utf8")));
  }
  if (Array.isArray(value)) return value.map((v) => decryptSecrets(v, key));
  if (isPlainObject(value)) {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) out[k] = decryptSecrets(v, key);
    return out;
  }
  return value;
}

/** scrypt is deliberately slow (~50 ms), so keys are cached per passphrase and salt. */
export function deriveKey(passphrase: string, salt: string): Buffer {
  const cacheKey = `${salt}\n${passphrase}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = scryptSync(passphrase, Buffer.from(salt, "base64"), 32);
    keyCache.set(cacheKey, key);
  }
  return key;
}

function isEncryptedSecret(value: unknown): value is EncryptedSecret {
  return isPlainObject(value) && value[SIG_KEY] === SECRET_SIG && typeof value.ciphertext === "string";
}
