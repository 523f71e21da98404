// The stack config that points pulumi-trtc at an emulator, as a user would set it with `pulumi config set`.

import type { ConfigValue } from "./runRequest";
import { secret } from "./secrets";

export interface EmulatorConnection {
  url: string;
  secretId: string;
  secretKey: string;
  /** The application's SDKSecretKey, so the provider mints UserSigs. */
  sdkSecretKey: string;
  region?: string;
  sdkAppId?: number;
}

export function emulatorStackConfig(connection: EmulatorConnection): Record<string, ConfigValue> {
  return {
    "trtc:endpoint": connection.url,
    "trtc:secretId": connection.secretId,
    "trtc:secretKey": secret(connection.secretKey),
    "trtc:region": connection.region ?? "ap-singapore",
    "trtc:sdkAppId": String(connection.sdkAppId ?? 1400000000),
    "trtc:sdkSecretKey": secret(connection.sdkSecretKey),
  };
}
