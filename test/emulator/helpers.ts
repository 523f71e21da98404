// Hand-signed requests to the emulator, with every part of the signature and headers under the test's control.

import { request } from "undici";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator";
import { API_VERSION } from "../../provider/api/actions";
import { signTc3 } from "../../provider/api/signing";

export const CREDENTIALS = {
  secretId: "AKIDemulatorTestKey0000000000000000",
  secretKey: "emulator-test-secret-key-000000",
};
export const SDK_APP_ID = 1400188366;
export const CLOUD_REGION = "ap-singapore";
export const WEB_REGION = "ap-singapore";

export interface CallOptions {
  region?: string | null;
  version?: string | null;
  timestamp?: number | null;
  secretId?: string;
  secretKey?: string;
  service?: string;
  /** Replaces the Authorization header entirely. */
  authorization?: string | null;
  contentType?: string;
  /** Sent instead of JSON.stringify(body). */
  rawBody?: string;
  method?: string;
  path?: string;
  /** Signed in addition to content-type and host. */
  signExtra?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  response: Record<string, unknown> & { RequestId: string; Error?: { Code: string; Message: string } };
  /** `OK`, or the error code. */
  code: string;
  message: string;
}

/** Calls one action as a TC3-signing client would; every header can be broken on purpose. */
export async function call(
  baseUrl: string,
  action: string | null,
  body: unknown,
  options: CallOptions = {},
): Promise<ApiAnswer> {
  const payload = options.rawBody ?? JSON.stringify(body);
  const contentType = options.contentType ?? "application/json";
  const timestamp = options.timestamp === undefined ? Math.floor(Date.now() / 1000) : options.timestamp;
  const url = new URL(options.path ?? "/", baseUrl);
  const { authorization } = signTc3({
    secretId: options.secretId ?? CREDENTIALS.secretId,
    secretKey: options.secretKey ?? CREDENTIALS.secretKey,
    service: options.service ?? "trtc",
    host: url.hostname,
    timestamp: timestamp ?? Math.floor(Date.now() / 1000),
    contentType,
    payload,
    extraHeaders: options.signExtra,
  });
  const headers: Record<string, string> = { "content-type": contentType, ...options.signExtra };
  const auth = options.authorization === undefined ? authorization : options.authorization;
  if (auth !== null) headers.authorization = auth;
  if (action !== null) headers["x-tc-action"] = action;
  const version = options.version === undefined ? API_VERSION : options.version;
  if (version !== null) headers["x-tc-version"] = version;
  const region = options.region === undefined ? defaultRegion(action) : options.region;
  if (region !== null) headers["x-tc-region"] = region;
  if (timestamp !== null) headers["x-tc-timestamp"] = String(timestamp);
  const method = (options.method ?? "POST") as "POST";
  const answer = await request(url, { method, headers, body: method === "POST" ? payload : undefined });
  const text = await answer.body.text();
  const json = JSON.parse(text) as { Response: ApiAnswer["response"] };
  return {
    status: answer.statusCode,
    headers: answer.headers,
    response: json.Response,
    code: json.Response.Error?.Code ?? "OK",
    message: json.Response.Error?.Message ?? "",
  };
}

function defaultRegion(action: string | null): string {
  return action?.endsWith("WebRecord") ? WEB_REGION : CLOUD_REGION;
}

/** A valid CreateCloudRecording body, mixed recording to COS; `overrides` replace top-level fields. */
export function cloudBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SdkAppId: SDK_APP_ID,
    RoomId: "3560",
    UserId: "recorder_3560",
    UserSig: "eJw1jcEKgkAURX9FZlvYc3SaC-test",
    RecordParams: { RecordMode: 2, MaxIdleTime: 60 },
    StorageParams: {
      CloudStorage: {
        Vendor: 0,
        Region: "ap-shanghai",
        Bucket: "recordings-1250000000",
        AccessKey: "AKIDstorage",
        SecretKey: "storage-secret",
      },
    },
    MixTranscodeParams: { VideoParams: { Width: 1280, Height: 720, Fps: 15, BitRate: 1500000, Gop: 10 } },
    MixLayoutParams: { MixLayoutMode: 3 },
    ...overrides,
  };
}

/** A valid StartWebRecord body; `overrides` replace top-level fields. */
export function webBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SdkAppId: SDK_APP_ID,
    RecordUrl: "https://example.com/class/42",
    StorageParams: { CloudVod: { TencentVod: { MediaType: 0 } } },
    ...overrides,
  };
}

/** An emulator on a free port with the test credentials; no rate limit unless asked. */
export function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return startEmulator({ ...CREDENTIALS, rateLimit: false, ...options });
}

/** One emulator for the whole test file, reset before each test; `use` receives it once it is listening. */
export function useEmulator(use: (emulator: Emulator) => void, options: Partial<EmulatorOptions> = {}): void {
  let started: Emulator | undefined;
  beforeAll(async () => {
    started = await startTestEmulator(options);
    use(started);
  });
  afterAll(async () => {
    await started?.close();
  });
  beforeEach(() => {
    started?.reset();
  });
}

/** Starts a cloud recording and returns its TaskId. */
export async function createCloud(baseUrl: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const answer = await call(baseUrl, "CreateCloudRecording", cloudBody(overrides));
  if (answer.code !== "OK") throw new Error(`CreateCloudRecording failed: ${answer.code} ${answer.message}`);
  return answer.response.TaskId as string;
}

/** Starts a web recording and returns its TaskId. */
export async function startWeb(baseUrl: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const answer = await call(baseUrl, "StartWebRecord", webBody(overrides));
  if (answer.code !== "OK") throw new Error(`StartWebRecord failed: ${answer.code} ${answer.message}`);
  return answer.response.TaskId as string;
}
