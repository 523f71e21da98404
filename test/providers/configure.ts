// Configures both providers as the engine would (stack config values), with no environment, for tests that call
// the providers directly.
import type * as pulumi from "@pulumi/pulumi";
import { expect } from "vitest";
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

/** The inputs `provider.check` makes of `news` (over `olds`), asserting it finds nothing to fail. */
export async function checked(
  provider: typeof cloud | typeof web,
  news: Record<string, unknown>,
  olds: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const result = await provider.check(olds, news);
  expect(result.failures).toEqual([]);
  return result.inputs as Record<string, unknown>;
}
