// The stack benchmark's program: N recordings, half cloud and half web, alternating (so any prefix of length N
// holds N/2 of each), declared by an inline program with the classes of a real installed copy of the package.
// The classes must come from <programDir>/node_modules/pulumi-trtc (not from this repository's sources): only then
// does closure serialization write `__provider` as the `require("pulumi-trtc/dist/...")` users get.

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ConfigMap, PulumiFn } from "@pulumi/pulumi/automation";
import type * as Trtc from "../provider";
import { installPackageCopy } from "../pulumi-cli/installPackage";
import { scratchRoot } from "../pulumi-cli/paths";
import { BENCH_CREDENTIALS, BENCH_SDK_SECRET_KEY } from "./emulatorProcess";

export const PROJECT = "trtc-bench";
export const CLOUD_TYPE = "pulumi-nodejs:dynamic/trtc:CloudRecording";
export const WEB_TYPE = "pulumi-nodejs:dynamic/trtc:WebRecording";
export const REGION = "ap-singapore";
export const SDK_APP_ID = 1400000000;

export interface RecordingSpec {
  kind: "cloud" | "web";
  name: string;
  /** Program arguments, plain values. */
  args: Record<string, unknown>;
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
      // VOD picks the format from mediaType (1: hls); webRecordVideoParams.format only applies to COS.
      webRecordVideoParams: { width: 1280, height: 720 },
    },
  };
}

/** Recordings 0..count-1 as an inline program, built from the given (installed) package. */
export function recordingsProgram(trtc: typeof Trtc, count: number): PulumiFn {
  return async () => {
    for (let i = 0; i < count; i++) {
      const spec = recordingSpec(i);
      if (spec.kind === "cloud") new trtc.CloudRecording(spec.name, spec.args as Trtc.CloudRecordingArgs);
      else new trtc.WebRecording(spec.name, spec.args as Trtc.WebRecordingArgs);
    }
    return { recordings: count };
  };
}

export interface BenchProgram {
  /** A scratch directory with the package installed: the stacks' work dir, where the provider host runs. */
  programDir: string;
  /** The installed package, loaded from programDir. */
  trtc: typeof Trtc;
  /** Resolves modules as the program (and the provider host) does. */
  programRequire: NodeJS.Require;
  cleanup(): void;
}

/** A scratch program directory under .scratch/ (so the package's dependencies resolve from the repository). */
export function prepareBenchProgram(): BenchProgram {
  mkdirSync(scratchRoot(), { recursive: true });
  const programDir = mkdtempSync(join(scratchRoot(), "bench-stack-"));
  try {
    installPackageCopy(programDir);
    const programRequire = createRequire(join(programDir, "index.js"));
    const trtc = programRequire("pulumi-trtc") as typeof Trtc;
    return { programDir, trtc, programRequire, cleanup: () => rmSync(programDir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(programDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The provider's stack config for the emulator at `endpoint`, as `pulumi config set [--secret]` stores it. `unlimited`
 * lifts the client's rate limit, for runs against an emulator started with `--rate-limit off` (the engine floor).
 */
export function providerConfig(endpoint: string, { unlimited = false } = {}): ConfigMap {
  return {
    ...(unlimited ? { "trtc:maxRequestsPerSecond": { value: "1000000" } } : {}),
    "trtc:endpoint": { value: endpoint },
    "trtc:secretId": { value: BENCH_CREDENTIALS.secretId },
    "trtc:secretKey": { value: BENCH_CREDENTIALS.secretKey, secret: true },
    "trtc:region": { value: REGION },
    "trtc:sdkAppId": { value: String(SDK_APP_ID) },
    // So the provider mints each robot's UserSig, as a stack without explicit userSig does.
    "trtc:sdkSecretKey": { value: BENCH_SDK_SECRET_KEY, secret: true },
  };
}
