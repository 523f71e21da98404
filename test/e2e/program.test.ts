// A Pulumi program using an installed copy of the package, run through preview, up, update, refresh and destroy
// by the engine-protocol runner against the emulator: state, secrets and API calls as a user would get them.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../harness/runRequest";
import { isSecret, type Props } from "../harness/secrets";
import { destroy, preview, readState, refresh, up } from "../harness/stack";
import { leaksIn, plaintextOutsideSecrets } from "./leaks";
import {
  cloudArgs,
  cos,
  prepareRecordings,
  type RecordingSpec,
  type RecordingsFixture,
  SDK_SECRET_KEY,
  SECRET_KEY,
  STORAGE_ACCESS_KEY,
  STORAGE_SECRET_KEY,
  webArgs,
} from "./recordingsFixture";

const USER_SIG = "eJyr-user-sig-passed-as-plain-string";
const PRIVATE_MAP_KEY = "eJyr-private-map-key-passed-as-plain-string";
const SECRETS = [SECRET_KEY, SDK_SECRET_KEY, STORAGE_ACCESS_KEY, STORAGE_SECRET_KEY, USER_SIG, PRIVATE_MAP_KEY];

let fixture: RecordingsFixture;
let stateFile: string;

const specs = (layoutMode = 3): RecordingSpec[] => [
  {
    kind: "cloud",
    name: "lecture",
    args: cloudArgs({
      userSig: USER_SIG,
      privateMapKey: PRIVATE_MAP_KEY,
      mixLayoutParams: { mixLayoutMode: layoutMode },
    }),
  },
  { kind: "web", name: "slides", args: webArgs({ storageParams: { cloudStorage: cos } }) },
];

async function run(op: typeof up, recordings: RecordingSpec[]): Promise<RunResult> {
  const result = await op({ programDir: fixture.programDir, stateFile, config: fixture.config(recordings) });
  expect(result.errors).toEqual([]);
  expect(result.ok).toBe(true);
  // Nothing printed by the program, the runner or the provider host carries a secret.
  expect(leaksIn(`${result.log}\n${result.host.logs}\n${JSON.stringify(result.outputs)}`, SECRETS)).toEqual([]);
  // The state file on disk holds secrets only encrypted.
  if (existsSync(stateFile)) expect(leaksIn(readFileSync(stateFile, "utf8"), SECRETS)).toEqual([]);
  return result;
}

/** The recordings' steps, without the Stack's. */
const steps = (result: RunResult) =>
  result.steps
    .filter((s) => s.urn.includes("dynamic"))
    .map((s) => `${s.urn.split("::").at(-1)}:${s.op}`)
    .sort();

const mutating = () =>
  fixture.emulator
    .requests()
    .filter((r) => !r.action.startsWith("Describe"))
    .map((r) => r.action);

beforeAll(async () => {
  fixture = await prepareRecordings("program");
  stateFile = join(fixture.programDir, "state.json");
});

afterAll(async () => {
  await fixture?.cleanup();
});

describe("a program through the engine-protocol runner", () => {
  it("previews without calling the API", async () => {
    const result = await run(preview, specs());
    expect(steps(result)).toEqual(["lecture:create", "slides:create"]);
    expect(fixture.emulator.requests()).toEqual([]);
  });

  it("creates both recordings, with secrets marked secret in state and every output known", async () => {
    const result = await run(up, specs());
    expect(result.outputs).toMatchObject({
      recordings: { "lecture.status": "InProgress", "slides.status": "InProgress" },
    });
    expect(fixture.emulator.tasks().filter((t) => t.running)).toHaveLength(2);

    const state = readState(stateFile);
    const lecture = state?.resources.find((r) => r.name === "lecture");
    expect(lecture?.options.additionalSecretOutputs).toEqual(expect.arrayContaining(["userSig", "privateMapKey"]));
    expect(isSecret(lecture?.inputs.userSig)).toBe(true);
    expect(isSecret(lecture?.inputs.privateMapKey)).toBe(true);
    const outputStorage = (lecture?.outputs.storageParams as Props | undefined)?.cloudStorage as Props;
    expect(isSecret(outputStorage.accessKey) && isSecret(outputStorage.secretKey)).toBe(true);
    expect(outputStorage.bucket).toBe(cos.bucket);
    expect(lecture?.outputs).not.toHaveProperty("userSig");
    for (const resource of state?.resources ?? []) {
      expect(plaintextOutsideSecrets(resource, SECRETS)).toEqual([]);
      if (resource.custom) expect(Buffer.byteLength(String(resource.outputs.__provider))).toBeLessThanOrEqual(4096);
    }
  });

  it("changes nothing on a second up, and changes the layout in place on the third", async () => {
    const before = mutating().length;
    const same = await run(up, specs());
    expect(steps(same)).toEqual(["lecture:same", "slides:same"]);
    expect(mutating().length).toBe(before);

    const changed = await run(up, specs(1));
    expect(steps(changed)).toEqual(["lecture:update", "slides:same"]);
    expect(mutating().slice(before)).toEqual(["ModifyCloudRecording"]);
  });

  it("refreshes with no change, then destroys everything", async () => {
    const refreshed = await run(refresh, specs(1));
    expect(steps(refreshed)).toEqual(["lecture:read", "slides:read"]);
    expect(refreshed.steps.some((s) => s.gone)).toBe(false);
    const after = await run(up, specs(1));
    expect(steps(after)).toEqual(["lecture:same", "slides:same"]);

    await run(destroy, specs(1));
    expect(fixture.emulator.tasks().filter((t) => t.running)).toEqual([]);
    expect(readState(stateFile)?.resources.filter((r) => r.custom)).toEqual([]);
  });
});
