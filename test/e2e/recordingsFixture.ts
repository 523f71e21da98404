// The recordings fixture program, copied with a real copy of the package installed, plus an emulator and the
// stack config that points the provider at it.

import { join } from "node:path";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator";
import { installPackageCopy } from "../../pulumi-cli/installPackage";
import { repoRoot } from "../../pulumi-cli/paths";
import { copyProgram, removeProgramCopy } from "../cli/programCopy";
import { type DynamicHost, startDynamicHost } from "../harness/dynamicHost";
import type { CapturedResource, ConfigValue } from "../harness/runRequest";
import type { Props } from "../harness/secrets";
import { captureProviders } from "../harness/stack";
import { emulatorStackConfig } from "../harness/trtcConfig";

export const PROJECT = "trtc-recordings";
export const CLOUD_TYPE = "pulumi-nodejs:dynamic/trtc:CloudRecording";
export const WEB_TYPE = "pulumi-nodejs:dynamic/trtc:WebRecording";
export const SDK_APP_ID = 1400000000;
export const SECRET_ID = "AKIDe2e00000000000000000000000000";
export const SECRET_KEY = "e2e-api-secret-key-do-not-leak-0001";
export const SDK_SECRET_KEY = "e2e-sdk-secret-key-do-not-leak-0002";
export const STORAGE_ACCESS_KEY = "AKIDstorage-access-key-do-not-leak";
export const STORAGE_SECRET_KEY = "storage-secret-key-do-not-leak-0003";

export interface RecordingSpec {
  kind: "cloud" | "web";
  name: string;
  args: Props;
  options?: Props;
}

export interface RecordingsFixture {
  programDir: string;
  emulator: Emulator;
  /** Stack config: the provider pointed at the emulator, credentials as secrets, and the recordings. */
  config(recordings?: RecordingSpec[], extra?: Record<string, ConfigValue>): Record<string, ConfigValue>;
  cleanup(): Promise<void>;
}

export const FIXTURE_DIR = join(repoRoot(), "test", "fixtures", "programs", "recordings");

export async function prepareRecordings(
  label: string,
  emulatorOptions: Partial<EmulatorOptions> = {},
): Promise<RecordingsFixture> {
  const programDir = copyProgram(FIXTURE_DIR, label);
  installPackageCopy(programDir);
  const emulator = await startEmulator({
    secretId: SECRET_ID,
    secretKey: SECRET_KEY,
    sdkSecretKey: SDK_SECRET_KEY,
    ...emulatorOptions,
  });
  return {
    programDir,
    emulator,
    config: (recordings = [], extra = {}) => ({
      ...emulatorStackConfig({
        url: emulator.url,
        secretId: SECRET_ID,
        secretKey: SECRET_KEY,
        sdkSecretKey: SDK_SECRET_KEY,
        sdkAppId: SDK_APP_ID,
      }),
      [`${PROJECT}:recordings`]: JSON.stringify(recordings),
      ...extra,
    }),
    cleanup: async () => {
      await emulator.close();
      removeProgramCopy(programDir);
    },
  };
}

export interface RecordingsHost {
  host: DynamicHost;
  /** `__provider` text by resource type, as the program serialized it. */
  providers: Record<string, string>;
  captured: CapturedResource[];
}

/**
 * Runs the fixture program with `specs` under mocks to capture what it registers (the real `__provider` among it),
 * then starts the real dynamic-provider host in its directory and configures it with `config`.
 */
export async function startRecordingsHost(
  fixture: RecordingsFixture,
  options: { config: Record<string, string>; specs?: RecordingSpec[]; stack?: string },
): Promise<RecordingsHost> {
  const specs = options.specs ?? [
    { kind: "cloud", name: "room", args: cloudArgs() },
    { kind: "web", name: "page", args: webArgs() },
  ];
  const captured = await captureProviders(fixture.programDir, { config: fixture.config(specs) });
  const providers = Object.fromEntries(captured.map((r) => [r.type, r.provider]));
  const host = await startDynamicHost({ cwd: fixture.programDir, project: PROJECT, stack: options.stack });
  await host.configure(options.config);
  return { host, providers, captured };
}

/** Plain-text provider configuration, as the engine's Configure call carries it. */
export function hostConfig(fixture: RecordingsFixture): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fixture.config())) {
    out[key] = typeof value === "string" ? value : String(value.value);
  }
  return out;
}

export const cos = {
  vendor: 0,
  region: "ap-singapore",
  bucket: "recordings-1250000000",
  accessKey: STORAGE_ACCESS_KEY,
  secretKey: STORAGE_SECRET_KEY,
};

export function cloudArgs(extra: Props = {}): Props {
  return {
    roomId: "3560",
    recordParams: { recordMode: 2, maxIdleTime: 60 },
    mixLayoutParams: { mixLayoutMode: 3 },
    storageParams: { cloudStorage: cos },
    ...extra,
  };
}

export function webArgs(extra: Props = {}): Props {
  return {
    recordUrl: "https://example.com/board",
    storageParams: { cloudVod: { tencentVod: { mediaType: 1 } } },
    webRecordVideoParams: { width: 1280, height: 720, format: "hls" },
    ...extra,
  };
}
