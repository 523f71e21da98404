// What Pulumi stores as `__provider`: a small require() of the installed package, with no credential in it, that
// deserializes and runs; and how the resources' secret inputs are kept. Read from the real state the Pulumi CLI
// wrote after `pulumi up` of a program with every credential configured (and in the environment too).
import { createRequire } from "node:module";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import requireFromString from "require-from-string";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StateResource } from "../../pulumi-cli/localStack";
import { CLOUD_TYPE, type CliStack, openCliStack, SDK_SECRET_KEY, SECRET_KEY, WEB_TYPE } from "../cli/cliStack";

const PROJECT = "trtc-recordings";
const USER_SIG = "eJyrVgrxCdYr-user-sig-do-not-leak";
const PRIVATE_MAP_KEY = "eJyrVgrxCdYr-private-map-key-do-not-leak";
const SESSION_TOKEN = "session-token-do-not-leak-0004";
const STORAGE_ACCESS_KEY = "AKIDstorage-access-key-do-not-leak";
const STORAGE_SECRET_KEY = "storage-secret-key-do-not-leak-0003";
const CREDENTIALS = [
  SECRET_KEY,
  SDK_SECRET_KEY,
  SESSION_TOKEN,
  USER_SIG,
  PRIVATE_MAP_KEY,
  STORAGE_ACCESS_KEY,
  STORAGE_SECRET_KEY,
];
/** Where a careless provider would read credentials from, and capture them when serialized. */
const CREDENTIAL_ENV = {
  TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
  TENCENTCLOUD_SESSION_TOKEN: SESSION_TOKEN,
  TRTC_SDK_SECRET_KEY: SDK_SECRET_KEY,
};

type Props = Record<string, unknown>;
const cos = {
  vendor: 0,
  region: "ap-singapore",
  bucket: "recordings-1250000000",
  accessKey: STORAGE_ACCESS_KEY,
  secretKey: STORAGE_SECRET_KEY,
};
const cloudArgs = (extra: Props = {}): Props => ({
  roomId: "3560",
  recordParams: { recordMode: 2, maxIdleTime: 60 },
  mixLayoutParams: { mixLayoutMode: 3 },
  storageParams: { cloudStorage: cos },
  ...extra,
});
const webArgs = (extra: Props = {}): Props => ({
  recordUrl: "https://example.com/board",
  storageParams: { cloudVod: { tencentVod: { mediaType: 1 } } },
  webRecordVideoParams: { width: 1280, height: 720, format: "hls" },
  ...extra,
});

/** A secret in `pulumi stack export --show-secrets`: the secret signature, its value as JSON text. */
interface ExportedSecret {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270";
  plaintext: string;
}
function isSecret(value: unknown): value is ExportedSecret {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Props)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270"
  );
}
const plaintextOf = (value: unknown): unknown => (isSecret(value) ? JSON.parse(value.plaintext) : value);

let stack: CliStack;
let resources: StateResource[];
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  // The program runs in this process (an inline program), so this is the environment its serialization sees.
  for (const [key, value] of Object.entries(CREDENTIAL_ENV)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  stack = await openCliStack({
    program: "test/fixtures/programs/recordings",
    project: PROJECT,
    config: {
      [`${PROJECT}:recordings`]: JSON.stringify([
        { kind: "cloud", name: "a", args: cloudArgs({ userSig: USER_SIG, privateMapKey: PRIVATE_MAP_KEY }) },
        { kind: "cloud", name: "b", args: cloudArgs({ roomId: "9" }) },
        { kind: "web", name: "page", args: webArgs({ storageParams: { cloudStorage: cos } }) },
      ]),
    },
  });
  const result = await stack.up();
  if (!result.ok) throw new Error(`pulumi up failed:\n${result.output}`);
  resources = await stack.resources();
}, 300_000);

afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await stack?.cleanup();
});

const ofType = (type: string) => resources.filter((r) => r.type === type);
const named = (name: string) => resources.find((r) => r.urn.endsWith(`::${name}`)) as StateResource;
const providerText = (r: StateResource) => r.outputs?.__provider;

describe("__provider in the state", () => {
  it("is a require() of the installed package, at most 4 KB, not secret, shared by every resource of a type", () => {
    expect(ofType(CLOUD_TYPE)).toHaveLength(2);
    expect(ofType(WEB_TYPE)).toHaveLength(1);
    for (const [type, file] of [
      [CLOUD_TYPE, "cloudRecordingProvider.js"],
      [WEB_TYPE, "webRecordingProvider.js"],
    ] as const) {
      const texts = new Set(ofType(type).flatMap((r) => [providerText(r), r.inputs?.__provider]));
      expect(texts.size).toBe(1);
      const [text] = texts;
      // A plain string: a secret would be a signed object, and every update would have to decrypt it.
      expect(typeof text).toBe("string");
      expect(Buffer.byteLength(text as string)).toBeLessThanOrEqual(4096);
      expect(text).toContain(`require("pulumi-trtc/dist/provider/${file}")`);
    }
  });

  it("contains no credential, key, UserSig or token even though all of them were configured", () => {
    for (const resource of resources) {
      for (const secret of CREDENTIALS) expect(providerText(resource)).not.toContain(secret);
    }
  });

  it("deserializes and runs: check works offline with no credentials", async () => {
    const text = String(providerText(ofType(CLOUD_TYPE)[0] as StateResource));
    // The host requires it relative to its working directory, the program directory.
    const provider = requireFromString(text, join(stack.programDir, "__provider.js")).handler();
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      expect(typeof provider[method]).toBe("function");
    }
    await provider.configure({
      config: { get: (key: string) => ({ "trtc:region": "ap-singapore", "trtc:sdkAppId": "1" })[key] },
    });
    const result = await provider.check({}, { ...cloudArgs(), userSig: "sig", __logicalName: "x" });
    expect(result.failures).toEqual([]);
    expect(result.inputs.userId).toMatch(/^rec-x-3560-/);
  });
});

describe("a configured provider", () => {
  it("serializes without the credentials it was configured with", async () => {
    // The installed copy, loaded the way a program loads it.
    const load = createRequire(join(stack.programDir, "index.js"));
    for (const file of ["cloudRecordingProvider.js", "webRecordingProvider.js"]) {
      const provider = load(`pulumi-trtc/dist/provider/${file}`);
      const config: Record<string, string> = {
        "trtc:secretId": "AKIDconfigured",
        "trtc:secretKey": SECRET_KEY,
        "trtc:sessionToken": SESSION_TOKEN,
        "trtc:sdkSecretKey": SDK_SECRET_KEY,
      };
      await provider.configure({ config: { get: (key: string) => config[key] } });
      const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
      expect(serialized.containsSecrets).toBe(false);
      expect(serialized.text).toContain(`require("pulumi-trtc/dist/provider/${file}")`);
      for (const secret of [SECRET_KEY, SESSION_TOKEN, SDK_SECRET_KEY]) expect(serialized.text).not.toContain(secret);
    }
  });
});

describe("secret inputs in the state", () => {
  it("mark the UserSig, the PrivateMapKey and the storage keys secret even though the program passed plain strings", () => {
    const a = named("a");
    expect(isSecret(a.inputs?.userSig)).toBe(true);
    expect(isSecret(a.inputs?.privateMapKey)).toBe(true);
    expect(plaintextOf(a.inputs?.userSig)).toBe(USER_SIG);
    // The UserSig is an input only: it never comes back as an output.
    expect(a.outputs).not.toHaveProperty("userSig");
    // Only the keys are secret, where they sit (inputs and outputs): the rest of storageParams stays readable.
    for (const resource of [a, named("page")]) {
      for (const state of [resource.inputs ?? {}, resource.outputs ?? {}]) {
        const storage = state.storageParams as Props;
        expect(isSecret(storage)).toBe(false);
        const cloudStorage = storage.cloudStorage as Props;
        expect(isSecret(cloudStorage.accessKey)).toBe(true);
        expect(isSecret(cloudStorage.secretKey)).toBe(true);
        expect(cloudStorage.bucket).toBe(cos.bucket);
        expect(plaintextOf(cloudStorage.secretKey)).toBe(STORAGE_SECRET_KEY);
      }
    }
    expect(named("b").inputs).not.toHaveProperty("userSig");
  });
});
