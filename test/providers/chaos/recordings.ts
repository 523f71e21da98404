// The recordings fixture program (test/fixtures/programs/recordings) as the chaos run, its regressions and the
// secrets audit use it: its project, the stack config key that lists the recordings, and arguments for them.

import type { StackConfig } from "../../../pulumi-cli";

/** The fixture's project name (its Pulumi.yaml). */
export const PROJECT = "trtc-recordings";
export const RECORDINGS_PROGRAM = "test/fixtures/programs/recordings";
export const STORAGE_ACCESS_KEY = "AKIDstorage-access-key-do-not-leak";
export const STORAGE_SECRET_KEY = "storage-secret-key-do-not-leak-0003";

export type Props = Record<string, unknown>;

export interface RecordingSpec {
  kind: "cloud" | "web";
  name: string;
  args: Props;
  options?: Props;
}

/**
 * The stack config entry from which the fixture program declares its recordings; `secret` when the recordings carry
 * credentials (UserSigs, PrivateMapKeys, storage keys), as a user would keep them.
 */
export function recordingsConfig(specs: readonly RecordingSpec[], options: { secret?: boolean } = {}): StackConfig {
  const value = JSON.stringify(specs);
  return { [`${PROJECT}:recordings`]: options.secret ? { secret: value } : value };
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
