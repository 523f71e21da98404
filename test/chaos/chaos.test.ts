// The chaos run (see chaosRun.ts for the operations, faults and invariants): several hundred seeded random lifecycle
// operations through the real dynamic-provider host while the emulator injects every kind of fault.
// Replay a failure with TRTC_CHAOS_SEED=<seed printed below> npx vitest run test/chaos/chaos.test.ts
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatePrivateMapKey, generateUserSig } from "../../provider/userSig";
import {
  CLOUD_TYPE,
  cloudArgs,
  cos,
  PROJECT,
  prepareRecordings,
  type RecordingSpec,
  type RecordingsFixture,
  SDK_APP_ID,
  SDK_SECRET_KEY,
  startRecordingsHost,
  WEB_TYPE,
  webArgs,
} from "../e2e/recordingsFixture";
import type { DynamicHost } from "../harness/dynamicHost";
import type { CapturedResource } from "../harness/runRequest";
import { chaosProviderConfig, chaosRegistration, FAULT_KINDS, OPERATIONS, plainConfig, runChaos } from "./chaosRun";
import { chaosSeed } from "./random";

const OPERATION_COUNT = 320;

let fixture: RecordingsFixture;
let host: DynamicHost;
let captured: CapturedResource[];
let providers: Record<string, string> = {};

// Representative registrations: a pinned robot with its own UserSig and PrivateMapKey and COS keys, and a web page.
const pinnedCloud = cloudArgs({
  userId: "pin_c0",
  userSig: generateUserSig({ sdkAppId: SDK_APP_ID, sdkSecretKey: SDK_SECRET_KEY, userId: "pin_c0" }),
  privateMapKey: generatePrivateMapKey({
    sdkAppId: SDK_APP_ID,
    sdkSecretKey: SDK_SECRET_KEY,
    userId: "pin_c0",
    roomId: 3560,
  }),
  whenEnded: "keep",
  resourceExpiredHour: 6,
});
const cosPage = webArgs({ storageParams: { cloudStorage: { ...cos, fileNamePrefix: ["pages", "w1"] } } });
const SPECS: RecordingSpec[] = [
  { kind: "cloud", name: "c0", args: pinnedCloud },
  { kind: "web", name: "w1", args: cosPage },
];

beforeAll(async () => {
  // No service-side rate limit and room for tasks that outlive their window: see chaosProviderConfig.
  fixture = await prepareRecordings("chaos", { rateLimit: false, maxConcurrentTasks: 1000 });
  const config = plainConfig(fixture.config([], chaosProviderConfig()));
  ({ host, providers, captured } = await startRecordingsHost(fixture, { config, specs: SPECS, stack: "chaos" }));
});

afterAll(async () => {
  await host?.close();
  await fixture?.cleanup();
});

describe("chaos", () => {
  it("registers resources exactly as the real program does", () => {
    for (const spec of SPECS) {
      const real = captured.find((r) => r.name === spec.name);
      const ours = chaosRegistration(spec.kind, spec.name, spec.args, providers);
      expect(ours.type).toBe(spec.kind === "cloud" ? CLOUD_TYPE : WEB_TYPE);
      expect(ours.inputs).toEqual(real?.inputs);
    }
  });

  it("keeps every invariant through several hundred operations under injected faults", async () => {
    const seed = chaosSeed();
    console.log(`chaos seed ${seed} (replay: TRTC_CHAOS_SEED=${seed})`);
    const report = await runChaos(
      {
        emulator: fixture.emulator,
        host,
        providers,
        programDir: fixture.programDir,
        project: PROJECT,
        stack: "chaos",
        stateFile: join(fixture.programDir, "chaos-state.json"),
      },
      { seed, operations: OPERATION_COUNT },
    );
    const { secretsPassed: _secrets, ...summary } = report;
    console.log(`chaos report: ${JSON.stringify(summary, null, 2)}`);

    expect(report.violations, `seed ${seed}`).toEqual([]);
    const total = Object.values(report.operations).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(300);
    // The run exercised what it claims to: every operation, every fault, both replacement orders.
    for (const operation of OPERATIONS) expect(report.operations[operation], operation).toBeGreaterThan(0);
    for (const fault of FAULT_KINDS) expect(report.faultsFired[fault], fault).toBeGreaterThan(0);
    expect(report.replacements.deleteBeforeReplace).toBeGreaterThan(0);
    expect(report.replacements.createBeforeDelete).toBeGreaterThan(0);
    for (const op of ["create", "update", "same", "read", "delete", "create-replacement", "delete-replaced"] as const) {
      expect(report.engineSteps[op] ?? 0, op).toBeGreaterThan(0);
    }
    expect(report.effectiveEvents.naturalEnds).toBeGreaterThan(0);
    expect(report.userErrors).toBeGreaterThan(0);
  }, 180_000);
});
