// The stack benchmark's program: a private copy of the recordings fixture with a real copy of the package installed
// (so `__provider` is the `require("pulumi-trtc/dist/...")` users get), and its recordings registered exactly as the
// program registers them, captured once under mocks. Half cloud, half web, alternating, so any prefix of length N
// holds N/2 of each.

import { join } from "node:path";
import { installPackageCopy } from "../pulumi-cli/installPackage";
import { repoRoot } from "../pulumi-cli/paths";
import { copyProgram, removeProgramCopy } from "../test/cli/programCopy";
import type { DesiredResource } from "../test/harness/engine";
import type { Props } from "../test/harness/secrets";
import { captureProviders } from "../test/harness/stack";
import { BENCH_CREDENTIALS, BENCH_SDK_SECRET_KEY } from "./emulatorProcess";

export const PROJECT = "trtc-recordings";
export const CLOUD_TYPE = "pulumi-nodejs:dynamic/trtc:CloudRecording";
export const WEB_TYPE = "pulumi-nodejs:dynamic/trtc:WebRecording";
export const REGION = "ap-singapore";
export const SDK_APP_ID = 1400000000;

export interface RecordingSpec {
  kind: "cloud" | "web";
  name: string;
  /** Plain program arguments, before the resource class wraps secrets. */
  args: Props;
}

export const COS_STORAGE = {
  vendor: 0,
  region: REGION,
  bucket: "recordings-1250000000",
  accessKey: "AKIDbench-storage-access-key",
  secretKey: "bench-storage-secret-key",
};

/** The i-th recording: even ones cloud (each in its own room), odd ones web (each its own page). */
export function recordingSpec(i: number): RecordingSpec {
  if (i % 2 === 0) {
    return {
      kind: "cloud",
      name: `cloud${i}`,
      args: {
        roomId: String(10_000 + i),
        recordParams: { recordMode: 2, maxIdleTime: 60 },
        mixLayoutParams: { mixLayoutMode: 3 },
        storageParams: { cloudStorage: COS_STORAGE },
      },
    };
  }
  return {
    kind: "web",
    name: `web${i}`,
    args: {
      recordUrl: `https://example.com/page/${i}`,
      storageParams: { cloudVod: { tencentVod: { mediaType: 1 } } },
      webRecordVideoParams: { width: 1280, height: 720, format: "hls" },
    },
  };
}

export interface BenchProgram {
  programDir: string;
  /** Registrations of recordings 0..max-1 in program order, parentless (the caller parents them to its Stack). */
  recordings: DesiredResource[];
  /** The serialized provider of each type, as `__provider` carries it. */
  providerText: Record<"cloud" | "web", string>;
  cleanup(): void;
}

/** Copies the fixture, installs the package and captures `count` registrations (one runner process, mocks only). */
export async function prepareBenchProgram(count: number): Promise<BenchProgram> {
  const programDir = copyProgram(join(repoRoot(), "test", "fixtures", "programs", "recordings"), "bench-stack");
  try {
    installPackageCopy(programDir);
    const specs = Array.from({ length: count }, (_, i) => recordingSpec(i));
    const captured = await captureProviders(programDir, {
      config: { ...providerConfig("http://127.0.0.1:1"), [`${PROJECT}:recordings`]: JSON.stringify(specs) },
    });
    // Registrations arrive in completion order (secret inputs resolve later); put them back in program order.
    const byName = new Map(captured.map((c) => [c.name, c]));
    const recordings = specs.map((spec): DesiredResource => {
      const registration = byName.get(spec.name);
      if (!registration) throw new Error(`the program did not register ${spec.name}`);
      return {
        type: registration.type,
        name: registration.name,
        inputs: registration.inputs,
        // What CloudRecording's constructor merges into the options (the capture does not report options).
        options: spec.kind === "cloud" ? { additionalSecretOutputs: ["userSig", "privateMapKey"] } : {},
      };
    });
    const providerOf = (type: string) => String(captured.find((c) => c.type === type)?.provider ?? "");
    return {
      programDir,
      recordings,
      providerText: { cloud: providerOf(CLOUD_TYPE), web: providerOf(WEB_TYPE) },
      cleanup: () => removeProgramCopy(programDir),
    };
  } catch (error) {
    removeProgramCopy(programDir);
    throw error;
  }
}

/** The provider's stack config, plain text as the engine's Configure call carries it. */
export function providerConfig(endpoint: string): Record<string, string> {
  return {
    "trtc:endpoint": endpoint,
    "trtc:secretId": BENCH_CREDENTIALS.secretId,
    "trtc:secretKey": BENCH_CREDENTIALS.secretKey,
    "trtc:region": REGION,
    "trtc:sdkAppId": String(SDK_APP_ID),
    // So the provider mints each robot's UserSig, as a stack without explicit userSig does.
    "trtc:sdkSecretKey": BENCH_SDK_SECRET_KEY,
  };
}
