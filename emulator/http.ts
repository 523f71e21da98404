// Small HTTP helpers shared by the API and the admin routes.

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

/** The whole body, or undefined when it exceeds `maxBytes` (the rest is read and dropped). */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.on("end", () => resolve(size <= maxBytes ? Buffer.concat(chunks, size) : undefined));
    // The socket is gone; there is nobody to answer.
    request.on("error", () => resolve(undefined));
  });
}

/** Answers with JSON; `date` is the emulator's virtual time, which clients read as the service's clock. */
export function sendJson(
  response: ServerResponse,
  status: number,
  json: string,
  date: number,
  extraHeaders: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
    date: new Date(date).toUTCString(),
    ...extraHeaders,
  });
  response.end(json);
}

/** The first value of a header (`name` lower-case) of a request, or of anything carrying Node's headers. */
export function headerValue(request: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
