// What Pulumi stores as `__provider`: a small require() of the installed package, with no credential in it, that
// deserializes and runs. Captured from a real program under setMocks, with every credential configured.
import { createRequire } from "node:module";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import requireFromString from "require-from-string";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CapturedResource } from "../harness/runRequest";
import { isSecret, type Props, unwrap } from "../harness/secrets";
import { captureProviders } from "../harness/stack";
import {
  CLOUD_TYPE,
  cloudArgs,
  cos,
  prepareRecordings,
  type RecordingsFixture,
  SDK_SECRET_KEY,
  SECRET_KEY,
  STORAGE_ACCESS_KEY,
  STORAGE_SECRET_KEY,
  WEB_TYPE,
  webArgs,
} from "./recordingsFixture";

const USER_SIG = "eJyrVgrxCdYr-user-sig-do-not-leak";
const PRIVATE_MAP_KEY = "eJyrVgrxCdYr-private-map-key-do-not-leak";
const SESSION_TOKEN = "session-token-do-not-leak-0004";

let fixture: RecordingsFixture;
let captured: CapturedResource[];

beforeAll(async () => {
  fixture = await prepareRecordings("serialization");
  captured = await captureProviders(fixture.programDir, {
    config: fixture.config([
      { kind: "cloud", name: "a", args: cloudArgs({ userSig: USER_SIG, privateMapKey: PRIVATE_MAP_KEY }) },
      { kind: "cloud", name: "b", args: cloudArgs({ roomId: "9" }) },
      { kind: "web", name: "page", args: webArgs({ storageParams: { cloudStorage: cos } }) },
    ]),
    // Credentials in the environment too, where a careless provider would read and capture them.
    env: {
      TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
      TENCENTCLOUD_SESSION_TOKEN: SESSION_TOKEN,
      TRTC_SDK_SECRET_KEY: SDK_SECRET_KEY,
    },
  });
});

afterAll(async () => {
  await fixture?.cleanup();
});

const ofType = (type: string) => captured.filter((r) => r.type === type);

describe("__provider", () => {
  it("is a require() of the installed package, at most 4 KB, shared by every resource of a type", () => {
    expect(ofType(CLOUD_TYPE)).toHaveLength(2);
    expect(ofType(WEB_TYPE)).toHaveLength(1);
    for (const [type, file] of [
      [CLOUD_TYPE, "cloudRecordingProvider.js"],
      [WEB_TYPE, "webRecordingProvider.js"],
    ] as const) {
      const texts = new Set(ofType(type).map((r) => r.provider));
      expect(texts.size).toBe(1);
      const [text = ""] = texts;
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
      expect(text).toContain(`require("pulumi-trtc/dist/provider/${file}")`);
      expect(ofType(type).every((r) => r.providerIsSecret === false)).toBe(true);
    }
  });

  it("contains no credential, key, UserSig or token even though all of them were configured", () => {
    for (const resource of captured) {
      for (const secret of [
        SECRET_KEY,
        SDK_SECRET_KEY,
        SESSION_TOKEN,
        USER_SIG,
        PRIVATE_MAP_KEY,
        STORAGE_ACCESS_KEY,
        STORAGE_SECRET_KEY,
      ]) {
        expect(resource.provider).not.toContain(secret);
      }
    }
  });

  it("deserializes and runs: check works offline with no credentials", async () => {
    const text = ofType(CLOUD_TYPE)[0]?.provider ?? "";
    // The host requires it relative to its working directory, the program directory.
    const provider = requireFromString(text, join(fixture.programDir, "__provider.js")).handler();
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
    const load = createRequire(join(fixture.programDir, "index.js"));
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

describe("resource inputs as registered", () => {
  it("mark the UserSig, the PrivateMapKey and the storage keys secret even though the program passed plain strings", () => {
    const a = captured.find((r) => r.name === "a")?.inputs as Props;
    expect(isSecret(a.userSig)).toBe(true);
    expect(isSecret(a.privateMapKey)).toBe(true);
    // Only the keys are secret, where they sit: the rest of storageParams stays readable in the CLI.
    for (const name of ["a", "page"]) {
      const storage = captured.find((r) => r.name === name)?.inputs.storageParams as Props;
      expect(isSecret(storage)).toBe(false);
      const cloudStorage = storage.cloudStorage as Props;
      expect(isSecret(cloudStorage.accessKey)).toBe(true);
      expect(isSecret(cloudStorage.secretKey)).toBe(true);
      expect(cloudStorage.bucket).toBe(cos.bucket);
      expect(unwrap(cloudStorage.secretKey)).toBe(STORAGE_SECRET_KEY);
    }
    const b = captured.find((r) => r.name === "b")?.inputs as Props;
    expect(b).not.toHaveProperty("userSig");
  });
});
