// The secrets audit: every example program (up, an in-place change where the example has one, refresh, destroy)
// and a shorter chaos run, against the emulator behind a proxy that records every credential the provider sends.
// Everything Pulumi would persist (the state file on disk, and the decrypted state: inputs, outputs, `__provider`,
// stack outputs) and everything printed (the program's and runner's log, the provider host's log, the result with
// its steps and errors) must hold none of the credentials in plaintext, except inside values marked secret.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { decodeUserSig } from "../../provider/userSig";
import { installPackageCopy } from "../../pulumi-cli/installPackage";
import { repoRoot } from "../../pulumi-cli/paths";
import { chaosProviderConfig, chaosRegistration, plainConfig, runChaos } from "../chaos/chaosRun";
import { chaosSeed } from "../chaos/random";
import { copyProgram, removeProgramCopy } from "../cli/programCopy";
import { leaksIn, plaintextOutsideSecrets } from "../e2e/leaks";
import {
  cloudArgs,
  cos,
  PROJECT,
  prepareRecordings,
  type RecordingsFixture,
  SDK_APP_ID,
  SDK_SECRET_KEY,
  SECRET_ID,
  SECRET_KEY,
  STORAGE_ACCESS_KEY,
  STORAGE_SECRET_KEY,
  webArgs,
} from "../e2e/recordingsFixture";
import { startDynamicHost } from "../harness/dynamicHost";
import type { ConfigValue, RunResult } from "../harness/runRequest";
import { type Props, secret, unwrap } from "../harness/secrets";
import { captureProviders, destroy, readState, refresh, up } from "../harness/stack";
import type { StackState } from "../harness/stackState";
import { type CapturingProxy, startCapturingProxy } from "./capturingProxy";

const SESSION_TOKEN = "audit-session-token-do-not-leak-0005";
const COS_SECRET_ID = "AKIDaudit-cos-secret-id-do-not-leak";
const COS_SECRET_KEY = "audit-cos-secret-key-do-not-leak-0006";
const STREAM_KEYS = ["a1b2c3d4e5f60718293a4b5c6d7e8f90", "0f9e8d7c6b5a49382716f5e4d3c2b1a0"];
const CDN_URLS = STREAM_KEYS.map(
  (key, i) => `rtmp://push${i}.example.com/live/storefront?txSecret=${key}&txTime=7FFFFFFF`,
);

/** Every credential the audit passes in; the ones minted or sent on the way are added from the proxy. */
const PASSED_IN = [
  SECRET_KEY,
  SESSION_TOKEN,
  SDK_SECRET_KEY,
  COS_SECRET_ID,
  COS_SECRET_KEY,
  STORAGE_ACCESS_KEY,
  STORAGE_SECRET_KEY,
  ...CDN_URLS,
  ...STREAM_KEYS,
];

/** Everything a run persisted or printed that holds a credential outside a secret value. */
function leaksOf(result: RunResult, stateFile: string, credentials: readonly string[]): string[] {
  const leaks = [
    ...leaksIn(result.log, credentials).map((l) => `runner log: ${l}`),
    ...leaksIn(result.host.logs, credentials).map((l) => `host log: ${l}`),
    // The result as a whole (steps, errors, stack outputs): values marked secret are shown masked by the CLI.
    ...plaintextOutsideSecrets(result, credentials).map((l) => `result ${l}`),
  ];
  if (existsSync(stateFile)) {
    leaks.push(...leaksIn(readFileSync(stateFile, "utf8"), credentials).map((l) => `state file: ${l}`));
    leaks.push(...plaintextOutsideSecrets(readState(stateFile), credentials).map((l) => `state ${l}`));
  }
  return leaks;
}

/** UserSigs among the captured credentials (minted by the provider unless the program passed one). */
function userSigsAmong(credentials: readonly string[]): string[] {
  return credentials.filter((c) => decodeUserSig(c)?.sdkAppId === SDK_APP_ID);
}

const secretsInside = (state: StackState | undefined) => JSON.stringify(unwrap(state ?? {}));

let emulator: Emulator;
let proxy: CapturingProxy;

beforeAll(async () => {
  emulator = await startEmulator({ secretId: SECRET_ID, secretKey: SECRET_KEY, sdkSecretKey: SDK_SECRET_KEY });
  proxy = await startCapturingProxy(emulator.url);
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
});

/** Provider settings as stack config, every credential a secret. */
function providerConfig(): Record<string, ConfigValue> {
  return {
    "trtc:endpoint": proxy.url,
    "trtc:secretId": SECRET_ID,
    "trtc:secretKey": secret(SECRET_KEY),
    "trtc:sessionToken": secret(SESSION_TOKEN),
    "trtc:region": "ap-singapore",
    "trtc:sdkAppId": String(SDK_APP_ID),
    "trtc:sdkSecretKey": secret(SDK_SECRET_KEY),
  };
}

interface Example {
  dir: string;
  config: () => Record<string, ConfigValue>;
  /** Config for the second up, and the step it must cause. */
  change: () => Record<string, ConfigValue>;
  changeStep: { name: string; op: "update" | "replace" };
  env?: () => Record<string, string>;
  /** The control program has no recordings. */
  recordings: boolean;
  /** Credentials that must be in state, encrypted: proof that the scan looked at something. */
  persisted: string[];
}

const hour = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

const EXAMPLES: Record<string, Example> = {
  quickstart: {
    dir: "examples/quickstart",
    config: () => ({
      ...providerConfig(),
      roomId: "5100",
      cosSecretId: secret(COS_SECRET_ID),
      cosSecretKey: secret(COS_SECRET_KEY),
    }),
    change: () => ({ layoutMode: "1" }),
    changeStep: { name: "classroom", op: "update" },
    recordings: true,
    persisted: [COS_SECRET_ID, COS_SECRET_KEY],
  },
  "single-stream-cos": {
    dir: "examples/single-stream-cos",
    config: () => ({
      ...providerConfig(),
      roomId: "5200",
      anchors: JSON.stringify(["teacher", "assistant"]),
      bucket: "courses-1250000000",
      cosSecretId: secret(COS_SECRET_ID),
      cosSecretKey: secret(COS_SECRET_KEY),
    }),
    change: () => ({ anchors: JSON.stringify(["teacher"]) }),
    changeStep: { name: "lecture", op: "update" },
    recordings: true,
    persisted: [COS_SECRET_ID, COS_SECRET_KEY],
  },
  "custom-layout": {
    dir: "examples/custom-layout",
    config: () => ({ ...providerConfig(), roomId: "5300", speaker: "teacher", caption: "Quarterly review" }),
    change: () => ({ layout: "picture-in-picture" }),
    changeStep: { name: "webinar", op: "update" },
    recordings: true,
    persisted: [],
  },
  "web-recording-cdn": {
    dir: "examples/web-recording-cdn",
    config: () => ({ ...providerConfig(), cdnUrls: secret(JSON.stringify(CDN_URLS)) }),
    // Its only setting that changes nothing at the service (whenEnded) is fixed in the code: another page
    // replaces the recording, with the CDN URLs in both the old and the new one.
    change: () => ({ pageUrl: "https://shop.example.com/live/tomorrow" }),
    changeStep: { name: "storefront", op: "replace" },
    recordings: true,
    persisted: [...CDN_URLS],
  },
  "scheduled-event": {
    dir: "examples/scheduled-event",
    // As the control stack's deployment settings run it: credentials in the environment, not in stack config.
    env: () => ({
      TENCENTCLOUD_SECRET_ID: SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
      TENCENTCLOUD_SESSION_TOKEN: SESSION_TOKEN,
      TENCENTCLOUD_REGION: "ap-singapore",
      TRTC_SDK_APP_ID: String(SDK_APP_ID),
      TRTC_SDK_SECRET_KEY: SDK_SECRET_KEY,
      TRTC_ENDPOINT: proxy.url,
    }),
    config: () => ({ roomId: "5500", eventStart: iso(-hour), eventEnd: iso(hour) }),
    // The event is over: whenEnded turns to "keep" (same duration, so the same ResourceExpiredHour).
    change: () => ({ eventStart: iso(-3 * hour), eventEnd: iso(-hour) }),
    changeStep: { name: "event", op: "update" },
    recordings: true,
    persisted: [],
  },
  "scheduled-event/control": {
    dir: "examples/scheduled-event/control",
    config: () => ({
      organization: "acme",
      repoUrl: "https://github.com/acme/events.git",
      events: JSON.stringify([{ stack: "townhall-2026-12-01", roomId: "5600", start: iso(hour), end: iso(3 * hour) }]),
      tencentSecretId: SECRET_ID,
      tencentSecretKey: secret(SECRET_KEY),
      sdkAppId: String(SDK_APP_ID),
      sdkSecretKey: secret(SDK_SECRET_KEY),
    }),
    change: () => ({ leadSeconds: "600" }),
    changeStep: { name: "townhall-2026-12-01-start", op: "update" },
    recordings: false,
    persisted: [SECRET_KEY, SDK_SECRET_KEY],
  },
};

describe("the scan", () => {
  it("finds a credential in a log, in the state file, and in state outside a secret, but not inside one", () => {
    const planted = "planted-credential-0123456789";
    const result = {
      ok: true,
      op: "up",
      steps: [],
      errors: [],
      outputs: { hidden: secret(planted) },
      durationMs: 0,
      host: { pid: null, peakRssKb: null, logs: `warning: ${planted}`, calls: [] },
      log: "",
    } satisfies RunResult;
    const leaks = leaksOf(result, "/nonexistent/state.json", [planted]);
    expect(leaks.some((l) => l.startsWith("host log:"))).toBe(true);
    expect(leaks.filter((l) => l.includes("outputs"))).toEqual([]);
    expect(plaintextOutsideSecrets({ inputs: { key: planted, safe: secret(planted) } }, [planted])).toHaveLength(1);
  });
});

describe("every example program", () => {
  for (const [name, example] of Object.entries(EXAMPLES)) {
    it(`${name}: up, change, refresh and destroy persist and print no credential in plaintext`, async () => {
      const programDir = copyProgram(join(repoRoot(), example.dir), `audit-${name.replace("/", "-")}`);
      try {
        if (example.recordings) installPackageCopy(programDir);
        const stateFile = join(programDir, "state.json");
        const env = example.env?.();
        const options = (config: Record<string, ConfigValue>) => ({ programDir, stateFile, config, env });
        const changed = { ...example.config(), ...example.change() };
        const runs: Array<[string, () => Promise<RunResult>]> = [
          ["up", () => up(options(example.config()))],
          ["change", () => up(options(changed))],
          ["refresh", () => refresh(options(changed))],
          ["destroy", () => destroy(options(changed))],
        ];
        for (const [label, run] of runs) {
          const result = await run();
          expect(result.errors, `${name} ${label}`).toEqual([]);
          expect(leaksOf(result, stateFile, [...PASSED_IN, ...proxy.credentials()]), `${name} ${label}`).toEqual([]);
          if (label === "up") {
            // The credentials were persisted, encrypted: the scan had something to find.
            const inside = secretsInside(readState(stateFile));
            for (const credential of example.persisted) expect(inside).toContain(credential);
          }
          if (label === "change") {
            const step = result.steps.find((s) => s.urn.endsWith(`::${example.changeStep.name}`));
            expect(step?.op, `${name} ${label}`).toBe(example.changeStep.op);
          }
        }
        expect(readState(stateFile)?.resources.filter((r) => r.custom)).toEqual([]);
        expect(emulator.tasks().filter((t) => t.running)).toEqual([]);
      } finally {
        removeProgramCopy(programDir);
      }
    }, 120_000);
  }

  it("went through the provider: the proxy saw the UserSig minted for each cloud recording", () => {
    // quickstart, single-stream-cos, custom-layout and scheduled-event each start one robot without a UserSig.
    expect(userSigsAmong(proxy.credentials()).length).toBeGreaterThanOrEqual(4);
  });
});

describe("a chaos run", () => {
  let fixture: RecordingsFixture;
  let chaosProxy: CapturingProxy;

  afterAll(async () => {
    await chaosProxy?.close();
    await fixture?.cleanup();
  });

  it("persists and prints no credential in plaintext under injected faults", async () => {
    fixture = await prepareRecordings("audit-chaos", { rateLimit: false, maxConcurrentTasks: 1000 });
    chaosProxy = await startCapturingProxy(fixture.emulator.url);
    const specs = [
      { kind: "cloud" as const, name: "c0", args: cloudArgs() },
      { kind: "web" as const, name: "w1", args: webArgs({ storageParams: { cloudStorage: cos } }) },
    ];
    const captured = await captureProviders(fixture.programDir, { config: fixture.config(specs) });
    const providers = Object.fromEntries(captured.map((r) => [r.type, r.provider]));
    for (const spec of specs) {
      expect(chaosRegistration(spec.kind, spec.name, spec.args, providers).inputs).toEqual(
        captured.find((r) => r.name === spec.name)?.inputs,
      );
    }
    const host = await startDynamicHost({ cwd: fixture.programDir, project: PROJECT, stack: "audit" });
    const stateFile = join(fixture.programDir, "audit-state.json");
    const seen: Array<{ label: string; value: unknown; raw: string }> = [];
    let report: Awaited<ReturnType<typeof runChaos>>;
    try {
      await host.configure(
        plainConfig({
          ...fixture.config([], chaosProviderConfig()),
          "trtc:endpoint": chaosProxy.url,
          "trtc:sessionToken": secret(SESSION_TOKEN),
        }),
      );
      const seed = chaosSeed();
      console.log(`audit chaos seed ${seed} (replay: TRTC_CHAOS_SEED=${seed})`);
      report = await runChaos(
        {
          emulator: fixture.emulator,
          host,
          providers,
          programDir: fixture.programDir,
          project: PROJECT,
          stack: "audit",
          stateFile,
        },
        {
          seed,
          operations: 60,
          onStep: (step) => {
            const { state, ...printed } = step;
            seen.push({ label: `step ${step.index} (${step.operation})`, value: { state, printed }, raw: "" });
            seen.push({
              label: `step ${step.index} state file`,
              value: undefined,
              raw: readFileSync(stateFile, "utf8"),
            });
          },
        },
      );
    } finally {
      await host.close();
    }
    expect(report.violations).toEqual([]);
    // Every credential: those passed in (including the chaos run's own UserSigs and PrivateMapKeys) and those sent.
    const credentials = [...PASSED_IN, ...report.secretsPassed, ...chaosProxy.credentials()];
    expect(userSigsAmong(chaosProxy.credentials()).length).toBeGreaterThan(0);
    const leaks: string[] = [...leaksIn(host.logs(), credentials).map((l) => `host log: ${l}`)];
    for (const { label, value, raw } of seen) {
      leaks.push(...plaintextOutsideSecrets(value as Props, credentials).map((l) => `${label}: ${l}`));
      leaks.push(...leaksIn(raw, credentials).map((l) => `${label}: ${l}`));
    }
    expect(leaks).toEqual([]);
  }, 120_000);
});
