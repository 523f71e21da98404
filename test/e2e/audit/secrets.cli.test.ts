// The secrets audit, through the real Pulumi CLI: every example program that declares recordings (up, a change,
// refresh, destroy) and a short chaos run, against the emulator behind a proxy that records every credential the
// provider sends (capturingProxy.ts). After each operation it scans everything Pulumi persists and prints:
// - the state file on disk, read raw (the default `pulumi:providers:pulumi-nodejs` provider resource holds the stack
//   config there: secure values must stay ciphertext), and every other file of the backend directory (history,
//   backups, locks, the CLI's home) and the stack's config file;
// - the decrypted export (`pulumi stack export --show-secrets`): credentials only inside values marked secret, which
//   the export writes as exactly `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
//   "plaintext": "<JSON>"}`;
// - everything the CLI printed (its whole output, diagnostics and warnings included, with the provider host's
//   stderr as the CLI shows it) and every engine event it streamed.
// No credential may appear in plaintext outside a secret: API SecretKey and session token, SDKSecretKey, the UserSigs
// the proxy saw (minted by the provider or passed in), PrivateMapKeys, storage keys, CDN push URLs and their keys.
// One exception, checked apart and reported: the Node SDK's debug message after each registration (hidden unless
// `--debug`, but in the event stream) shows the outputs of a recording, secrets included; see SDK_RESPONSE_DEBUG.
// examples/scheduled-event/control is not here: its pulumiservice provider plugin cannot be obtained offline (see
// test/e2e/scheduledEventControl.mocks.test.ts, which checks under mocks that it registers the credentials as secrets).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../../emulator";
import { decodeUserSig } from "../../../provider/api/userSig";
import type { StackConfig } from "../../../pulumi-cli";
import {
  type CliStack,
  type OperationResult,
  openCliStack,
  SDK_APP_ID,
  SDK_SECRET_KEY,
  SECRET_ID,
  SECRET_KEY,
} from "../../cli/cliStack";
import { runChaos } from "../../providers/chaos/chaosRun";
import { chaosProviderConfig } from "../../providers/chaos/faults";
import { chaosSeed } from "../../providers/chaos/random";
import {
  PROJECT,
  RECORDINGS_PROGRAM,
  recordingsConfig,
  STORAGE_ACCESS_KEY,
  STORAGE_SECRET_KEY,
} from "../../providers/chaos/recordings";
import { type CapturingProxy, startCapturingProxy } from "./capturingProxy";
import {
  credentialsIn,
  leaksIn,
  leaksInFiles,
  plaintextOutsideSecrets,
  SECRET_SIG,
  SECRET_SIG_KEY,
  secretPlaintexts,
} from "./scan";

const SESSION_TOKEN = "audit-session-token-do-not-leak-0005";
const COS_SECRET_ID = "AKIDaudit-cos-secret-id-do-not-leak";
const COS_SECRET_KEY = "audit-cos-secret-key-do-not-leak-0006";
const STREAM_KEYS = ["a1b2c3d4e5f60718293a4b5c6d7e8f90", "0f9e8d7c6b5a49382716f5e4d3c2b1a0"];
const CDN_URLS = STREAM_KEYS.map(
  (key, i) => `rtmp://push${i}.example.com/live/storefront?txSecret=${key}&txTime=7FFFFFFF`,
);
const CHAOS_STEPS = 10;

/** Every credential the audit passes in; the ones minted or sent on the way come from the proxy. */
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

/**
 * The credentials the providers return among a recording's outputs (as secrets): storage keys and CDN push URLs.
 * Only these may show in the SDK's debug messages (see SDK_RESPONSE_DEBUG); API keys, the SDKSecretKey, UserSigs and
 * PrivateMapKeys never reach outputs.
 */
const IN_OUTPUTS = [COS_SECRET_ID, COS_SECRET_KEY, STORAGE_ACCESS_KEY, STORAGE_SECRET_KEY, ...CDN_URLS, ...STREAM_KEYS];

/** Checks the SDK debug exposures against IN_OUTPUTS and says which there were. */
function expectOnlyOutputsInSdkDebug(
  what: string,
  printed: ReadonlyArray<Printed & { label: string }>,
  credentials: readonly string[],
): void {
  const exposed = sdkDebugExposures(printed, credentials);
  expect(exposed.filter((e) => !IN_OUTPUTS.includes(e.credential))).toEqual([]);
  if (exposed.length > 0) {
    const which = [...new Set(exposed.map((e) => `${e.credential.slice(0, 12)}…`))].join(", ");
    console.log(`${what}: readable in the SDK's RegisterResource debug messages (event stream, --debug): ${which}`);
  }
}

/** What one CLI operation printed and streamed. */
interface Printed {
  output: string;
  events: EngineEvent[];
}

/** What Pulumi persisted after an operation: files as they are on disk, and the decrypted export. */
interface Persisted {
  label: string;
  /** The state file's text, read raw after the operation. */
  stateFile: string;
  exported: unknown;
}

/** Reads what the stack persisted now (files are scanned at the end: the backend keeps every checkpoint's history). */
async function persistedBy(stack: CliStack, label: string): Promise<Persisted> {
  return {
    label,
    stateFile: readFileSync(stack.local.stateFile(), "utf8"),
    exported: await stack.local.exportState({ showSecrets: true }),
  };
}

/**
 * The Node SDK's own debug message after each resource registration: the engine's whole response, outputs included,
 * secret values among them written out (marked secret, but in the message's text). Debug diagnostics are hidden
 * unless `--debug`, and Pulumi Cloud drops them, but the engine event stream (`--event-log`, the Automation API)
 * carries them. The engine masks the values of secure config in every message; a credential that is not exactly one
 * (a plain string the resource classes made secret, or one element of a secret list) stays readable there.
 */
const SDK_RESPONSE_DEBUG = /^RegisterResource RPC finished:/;

function isSdkResponseDebug(event: EngineEvent): boolean {
  const diagnostic = event.diagnosticEvent;
  return (diagnostic?.severity as string) === "debug" && SDK_RESPONSE_DEBUG.test(diagnostic?.message ?? "");
}

/** Credentials in the SDK's debug messages (see SDK_RESPONSE_DEBUG), by operation. */
function sdkDebugExposures(printed: ReadonlyArray<Printed & { label: string }>, credentials: readonly string[]) {
  return printed.flatMap(({ label, events }) =>
    credentialsIn(JSON.stringify(events.filter(isSdkResponseDebug)), credentials).map((credential) => ({
      label,
      credential,
    })),
  );
}

/** Everything persisted or printed that holds a credential outside a secret value. */
function leaksOf(
  printed: ReadonlyArray<Printed & { label: string }>,
  persisted: readonly Persisted[],
  credentials: readonly string[],
): string[] {
  return [
    ...printed.flatMap(({ label, output, events }) => [
      ...leaksIn(output, credentials).map((l) => `${label} output: ${l}`),
      ...leaksIn(JSON.stringify(events.filter((e) => !isSdkResponseDebug(e))), credentials).map(
        (l) => `${label} engine events: ${l}`,
      ),
    ]),
    ...persisted.flatMap(({ label, stateFile, exported }) => [
      ...leaksIn(stateFile, credentials).map((l) => `${label} state file: ${l}`),
      ...plaintextOutsideSecrets(exported, credentials).map((l) => `${label} export ${l}`),
    ]),
  ];
}

/**
 * Credentials in the files the stack persisted: every file of the backend directory (state, history, backups,
 * locks, the CLI's home) and the stack's config file (secure values encrypted there).
 */
function leaksInStackFiles(stack: CliStack, stackName: string, credentials: readonly string[]): string[] {
  const configFile = join(stack.programDir, `Pulumi.${stackName}.yaml`);
  const config = existsSync(configFile) ? readFileSync(configFile, "utf8") : "";
  return [
    ...leaksInFiles([stack.local.backendDir], credentials),
    ...leaksIn(config, credentials).map((l) => `${configFile}: ${l}`),
  ];
}

/** UserSigs among the captured credentials (minted by the provider unless the program passed one). */
function userSigsAmong(credentials: readonly string[]): string[] {
  return credentials.filter((c) => decodeUserSig(c)?.sdkAppId === SDK_APP_ID);
}

const DEFAULT_PROVIDER = "pulumi:providers:pulumi-nodejs";

/** The inputs of the default provider resource in an export: the stack config as of the last up. */
function providerInputs(exported: unknown): Record<string, unknown> | undefined {
  const resources = (
    exported as { deployment: { resources?: Array<{ type: string; inputs?: Record<string, unknown> }> } }
  ).deployment.resources;
  return resources?.find((r) => r.type === DEFAULT_PROVIDER)?.inputs;
}

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

/** Provider settings as stack config, every credential a secret, the endpoint the proxy. */
function providerConfig(endpoint: string): StackConfig {
  return {
    "trtc:endpoint": endpoint,
    "trtc:sessionToken": { secret: SESSION_TOKEN },
  };
}

const TRTC_KEYS = [
  "trtc:endpoint",
  "trtc:secretId",
  "trtc:secretKey",
  "trtc:region",
  "trtc:sdkAppId",
  "trtc:sdkSecretKey",
];

interface Example {
  dir: string;
  project: string;
  /** The program's own config (keys without the project). */
  config: () => StackConfig;
  /** Config for the second up, and the step it must cause. */
  change: () => StackConfig;
  changeStep: { name: string; op: "update" | "replace" };
  /** Credentials in the environment instead of stack config. */
  env?: () => Record<string, string>;
  /** Credentials that must be in state, encrypted: proof that the scan looked at something. */
  persisted: string[];
}

const hour = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

const EXAMPLES: Example[] = [
  {
    dir: "examples/quickstart",
    project: "trtc-quickstart",
    config: () => ({
      roomId: "5100",
      cosSecretId: { secret: COS_SECRET_ID },
      cosSecretKey: { secret: COS_SECRET_KEY },
    }),
    change: () => ({ layoutMode: "1" }),
    changeStep: { name: "classroom", op: "update" },
    persisted: [COS_SECRET_ID, COS_SECRET_KEY],
  },
  {
    dir: "examples/single-stream-cos",
    project: "trtc-single-stream-cos",
    config: () => ({
      roomId: "5200",
      anchors: JSON.stringify(["teacher", "assistant"]),
      bucket: "courses-1250000000",
      cosSecretId: { secret: COS_SECRET_ID },
      cosSecretKey: { secret: COS_SECRET_KEY },
    }),
    change: () => ({ anchors: JSON.stringify(["teacher"]) }),
    changeStep: { name: "lecture", op: "update" },
    persisted: [COS_SECRET_ID, COS_SECRET_KEY],
  },
  {
    dir: "examples/custom-layout",
    project: "trtc-custom-layout",
    config: () => ({ roomId: "5300", speaker: "teacher", caption: "Quarterly review" }),
    change: () => ({ layout: "picture-in-picture" }),
    changeStep: { name: "webinar", op: "update" },
    persisted: [],
  },
  {
    dir: "examples/web-recording-cdn",
    project: "trtc-web-recording-cdn",
    config: () => ({ cdnUrls: { secret: JSON.stringify(CDN_URLS) } }),
    // Its only setting that changes nothing at the service (whenEnded) is fixed in the code: another page
    // replaces the recording, with the CDN URLs in both the old and the new one.
    change: () => ({ pageUrl: "https://shop.example.com/live/tomorrow" }),
    changeStep: { name: "storefront", op: "replace" },
    persisted: [...CDN_URLS],
  },
  {
    dir: "examples/scheduled-event",
    project: "trtc-scheduled-event",
    // As a deployment runs it: credentials in the environment, not in stack config.
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
    persisted: [],
  },
];

/** Config keys without a namespace belong to the project, as `pulumi config set` treats them. */
function projectConfig(project: string, config: StackConfig): StackConfig {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [`${project}:${key}`, value]));
}

async function withEvents(
  run: (onEvent: (event: EngineEvent) => void) => Promise<OperationResult>,
): Promise<OperationResult & Printed> {
  const events: EngineEvent[] = [];
  const result = await run((event) => events.push(event));
  return { ...result, events };
}

describe("the scan", () => {
  it("finds a credential in a log, in a state file and in the export outside a secret, but not inside one", () => {
    const planted = "planted-credential-0123456789";
    const dir = mkdtempSync(join(tmpdir(), "audit-scan-"));
    try {
      writeFileSync(join(dir, "stack.json"), JSON.stringify({ inputs: { key: planted } }));
      const secret = { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(planted) };
      const printed = [{ label: "up", output: `warning: ${planted}`, events: [] }];
      const clean = { label: "up", stateFile: "{}", exported: { outputs: { hidden: secret } } };
      const leaking = {
        label: "up",
        stateFile: `{"key":"${planted}"}`,
        exported: { inputs: { key: planted, safe: secret } },
      };

      const leaks = [...leaksOf(printed, [clean, leaking], [planted]), ...leaksInFiles([dir], [planted])];
      expect(leaks.filter((l) => l.startsWith("up output:"))).toHaveLength(1);
      expect(leaks.filter((l) => l.startsWith("up state file:"))).toHaveLength(1);
      expect(leaks.filter((l) => l.startsWith("up export $.inputs.key:"))).toHaveLength(1);
      expect(leaks.filter((l) => l.startsWith(join(dir, "stack.json")))).toHaveLength(1);
      expect(leaks).toHaveLength(4);
      // A value that carries the signature in another shape is not a secret the CLI knows: reported, and its
      // plaintext is scanned.
      const odd = { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: planted, extra: 1 };
      expect(plaintextOutsideSecrets({ odd }, [planted])).toHaveLength(2);
      expect(secretPlaintexts(clean.exported)).toContain(planted);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("every example program", () => {
  for (const example of EXAMPLES) {
    it(`${example.dir}: up, change, refresh and destroy persist and print no credential in plaintext`, async () => {
      emulator.reset();
      const stack = await openCliStack({
        program: example.dir,
        project: example.project,
        stack: "audit",
        sharedEmulator: emulator,
        env: example.env?.(),
        config: { ...providerConfig(proxy.url), ...projectConfig(example.project, example.config()) },
      });
      try {
        if (example.env) {
          await stack.local.stack.removeAllConfig([...TRTC_KEYS, "trtc:sessionToken"]);
        }
        const printed: Array<Printed & { label: string }> = [];
        const persisted: Persisted[] = [];
        const operations: Array<[string, () => Promise<OperationResult & Printed>]> = [
          ["up", () => withEvents((onEvent) => stack.up({ onEvent }))],
          [
            "change",
            async () => {
              await stack.setConfig(projectConfig(example.project, example.change()));
              return withEvents((onEvent) => stack.up({ onEvent }));
            },
          ],
          ["refresh", () => withEvents((onEvent) => stack.refresh({ onEvent }))],
          ["destroy", () => withEvents((onEvent) => stack.destroy({ onEvent }))],
        ];
        for (const [label, run] of operations) {
          const result = await run();
          expect(result.ok, `${example.dir} ${label}: ${result.output}`).toBe(true);
          printed.push({ label, output: result.output, events: result.events });
          const now = await persistedBy(stack, label);
          persisted.push(now);
          if (label === "up") {
            // The credentials were persisted, encrypted: the scan had something to find. The stack config (with the
            // provider's credentials unless they came from the environment) is the provider resource's inputs.
            const inside = secretPlaintexts(now.exported);
            for (const credential of example.persisted) expect(inside).toContain(credential);
            const inputs = providerInputs(now.exported);
            expect(inputs).toBeDefined();
            if (!example.env) {
              for (const credential of [SECRET_KEY, SDK_SECRET_KEY, SESSION_TOKEN]) {
                expect(secretPlaintexts(inputs)).toContain(credential);
              }
            }
          }
          if (label === "change") {
            const ops = result.events
              .filter((e) => e.resourcePreEvent?.metadata.urn.endsWith(`::${example.changeStep.name}`))
              .map((e) => e.resourcePreEvent?.metadata.op);
            expect(ops, `${example.dir} ${label}`).toContain(example.changeStep.op);
          }
        }
        const credentials = [...PASSED_IN, ...proxy.credentials()];
        const leaks = [...leaksOf(printed, persisted, credentials), ...leaksInStackFiles(stack, "audit", credentials)];
        expect(leaks).toEqual([]);
        expectOnlyOutputsInSdkDebug(example.dir, printed, credentials);
        expect(await stack.resources()).toEqual([]);
        expect(emulator.tasks().filter((t) => t.running)).toEqual([]);
      } finally {
        await stack.cleanup();
      }
    }, 300_000);
  }

  it("went through the provider: the proxy saw the UserSig minted for each cloud recording", () => {
    // quickstart, single-stream-cos, custom-layout and scheduled-event each start one robot without a UserSig.
    expect(userSigsAmong(proxy.credentials()).length).toBeGreaterThanOrEqual(4);
  });
});

describe("a chaos run", () => {
  let chaosEmulator: Emulator;
  let chaosProxy: CapturingProxy;
  let stack: CliStack;

  beforeAll(async () => {
    chaosEmulator = await startEmulator({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sdkSecretKey: SDK_SECRET_KEY,
      rateLimit: false,
      maxConcurrentTasks: 1000,
    });
    chaosProxy = await startCapturingProxy(chaosEmulator.url);
    stack = await openCliStack({
      program: RECORDINGS_PROGRAM,
      project: PROJECT,
      stack: "audit",
      sharedEmulator: chaosEmulator,
      config: {
        ...chaosProviderConfig(),
        ...providerConfig(chaosProxy.url),
        ...recordingsConfig([], { secret: true }),
      },
    });
  });

  afterAll(async () => {
    await stack?.cleanup();
    await chaosProxy?.close();
    await chaosEmulator?.close();
  });

  it("persists and prints no credential in plaintext under injected faults", async () => {
    const seed = chaosSeed();
    console.log(`audit chaos seed ${seed} (replay: TRTC_CHAOS_SEED=${seed})`);
    const printed: Array<Printed & { label: string }> = [];
    const persisted: Persisted[] = [];
    const report = await runChaos(stack, {
      seed,
      steps: CHAOS_STEPS,
      stackName: "audit",
      // The recordings carry UserSigs, PrivateMapKeys and storage keys: a user keeps such config secret.
      secretConfig: true,
      onStep: async (step) => {
        const label = `step ${step.index} (${step.operation})`;
        printed.push({ label, output: step.outcome.output, events: step.outcome.events });
        persisted.push(await persistedBy(stack, label));
      },
    });
    expect(report.violations, `seed ${seed}`).toEqual([]);
    // Every credential: those passed in (including the run's own UserSigs and PrivateMapKeys) and those sent.
    const credentials = [...PASSED_IN, ...report.secretsPassed, ...chaosProxy.credentials()];
    // The proxy saw what the provider sent: the session token on every request, and a UserSig for each robot it
    // started (minted, or the program's own for a pinned robot).
    expect(chaosProxy.credentials()).toContain(SESSION_TOKEN);
    const cloudStarts = chaosEmulator.requests().filter((r) => r.action === "CreateCloudRecording");
    expect(userSigsAmong(chaosProxy.credentials()).length > 0).toBe(cloudStarts.length > 0);
    const leaks = [...leaksOf(printed, persisted, credentials), ...leaksInStackFiles(stack, "audit", credentials)];
    expect(leaks).toEqual([]);
    expectOnlyOutputsInSdkDebug("chaos run", printed, credentials);
  }, 300_000);
});
