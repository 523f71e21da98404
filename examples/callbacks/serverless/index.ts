// A serverless function that receives TRTC's recording callbacks, for platforms that hand the function an HTTP
// event with the body as a string (and `isBase64Encoded` when they encoded it) and take back
// `{ statusCode, headers, body }`: AWS Lambda function URLs and API Gateway proxy integrations, Tencent Cloud SCF
// behind an API gateway, and others of the same shape. Set TRTC_CALLBACK_KEY in the function's environment.
//
// The signature covers the body byte for byte: verify it before parsing, and never re-serialise the JSON first.

import { handleCallback, readyFiles, type TrtcCallbackEvent } from "pulumi-trtc/callbacks";

export interface HttpEvent {
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const json = (statusCode: number, value: unknown): HttpResult => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
});

/** What to do with an accepted event; here, one log line. Put it on a queue or in a database instead. */
async function processEvent(event: TrtcCallbackEvent): Promise<void> {
  const files = readyFiles(event).map((file) => file.vodUrl ?? `${event.taskId}/${file.fileName}`);
  console.log(JSON.stringify({ taskId: event.taskId, type: event.type, stage: event.stage, files }));
}

export async function handler(event: HttpEvent): Promise<HttpResult> {
  const key = process.env.TRTC_CALLBACK_KEY;
  if (!key) return json(500, { code: 500, message: "TRTC_CALLBACK_KEY is not set" });
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64") : (event.body ?? "");
  const result = handleCallback(raw, event.headers ?? {}, key);
  if (!result.ok) {
    console.warn(`refused: ${result.reason}`);
    return json(result.status, { code: result.status, message: result.message });
  }
  try {
    await processEvent(result.event);
  } catch (error) {
    // A non-200 answer makes TRTC send the callback again, for up to a minute.
    console.error(error);
    return json(500, { code: 500, message: "not processed" });
  }
  // The docs ask for HTTP 200 and suggest {"code":0} as the body.
  return json(200, { code: 0 });
}

/** Tencent Cloud SCF's default handler name. */
export const main_handler = handler;
