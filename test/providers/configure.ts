// Configures both providers as the engine would (stack config values), with no environment, for tests that call
// the providers directly.
import type * as pulumi from "@pulumi/pulumi";
import * as cloud from "../../provider/cloudRecordingProvider";
import type { ClientOverrides } from "../../provider/task/context";
import * as web from "../../provider/webRecordingProvider";

export async function configureProviders(values: Record<string, string>, client: ClientOverrides = {}): Promise<void> {
  const request = { config: { get: (key: string) => values[key] } } as unknown as pulumi.dynamic.ConfigureRequest;
  await Promise.all([cloud.configure(request, {}, client), web.configure(request, {}, client)]);
}

export interface EmulatorKeys {
  secretId: string;
  secretKey: string;
  sdkSecretKey: string;
  sdkAppId: number;
}

/** The stack config of a program recording against an emulator in ap-singapore, plus `extra`. */
export function emulatorValues(url: string, keys: EmulatorKeys, extra: Record<string, string> = {}) {
  return {
    "trtc:endpoint": url,
    "trtc:secretId": keys.secretId,
    "trtc:secretKey": keys.secretKey,
    "trtc:region": "ap-singapore",
    "trtc:sdkAppId": String(keys.sdkAppId),
    "trtc:sdkSecretKey": keys.sdkSecretKey,
    ...extra,
  };
}
