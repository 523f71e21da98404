// Checks a request's TC3-HMAC-SHA256 signature as the service does, with the service's error codes.
// https://www.tencentcloud.com/document/api/647/34264 and https://www.tencentcloud.com/document/api/647/34269

import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { parseAuthorization, signTc3, utcDate } from "../provider/api/signing";
import { ApiError } from "./apiError";
import { headerValue } from "./http";

export interface Credentials {
  secretId: string;
  secretKey: string;
}

export interface SignedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// "The difference between the timestamp and the server time cannot exceed five minutes."
const MAX_CLOCK_SKEW_SECONDS = 300;

/** The Host header without its port, which is what the official SDK signs (`URL.hostname`). */
function hostnameOf(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * Throws the service's AuthFailure.* error unless the request is signed with the emulator's key. `nowSeconds` is the
 * real wall clock: signatures expire in real time, whatever the virtual clock says.
 */
export function verifySignature(request: SignedRequest, credentials: Credentials, nowSeconds: number): void {
  const raw = headerValue(request, "authorization");
  if (!raw) throw new ApiError("AuthFailure.InvalidAuthorization", "The Authorization header is missing.");
  const auth = parseAuthorization(raw);
  if (!auth) {
    throw new ApiError(
      "AuthFailure.InvalidAuthorization",
      "The Authorization header is not of the form `TC3-HMAC-SHA256 Credential=<SecretId>/<Date>/<service>/tc3_request, SignedHeaders=<headers>, Signature=<hex>`.",
    );
  }
  const timestampText = headerValue(request, "x-tc-timestamp");
  if (timestampText === undefined) throw new ApiError("MissingParameter", "The X-TC-Timestamp header is required.");
  if (!/^\d{1,12}$/.test(timestampText)) {
    throw new ApiError("InvalidParameter", "X-TC-Timestamp must be a Unix time in seconds.");
  }
  const timestamp = Number(timestampText);
  if (auth.secretId !== credentials.secretId) {
    throw new ApiError("AuthFailure.SecretIdNotFound", "The SecretId is not found; check it (and stray spaces).");
  }
  if (Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    throw new ApiError(
      "AuthFailure.SignatureExpire",
      `The request timestamp ${timestamp} is more than 5 minutes away from the server time ${Math.floor(nowSeconds)}.`,
    );
  }
  if (auth.date !== utcDate(timestamp)) {
    throw new ApiError(
      "AuthFailure.InvalidAuthorization",
      `The credential scope date ${auth.date} must be the UTC date of X-TC-Timestamp (${utcDate(timestamp)}).`,
    );
  }
  const host = headerValue(request, "host") ?? "";
  const hostname = hostnameOf(host).toLowerCase();
  // The official SDK signs with the first label of the endpoint as the service (`127` for 127.0.0.1:PORT).
  const services = ["trtc", host.split(".")[0], hostname.split(".")[0]];
  if (!services.includes(auth.service)) {
    throw new ApiError(
      "AuthFailure.InvalidAuthorization",
      `The credential scope service must be trtc (or the first label of the Host header), got ${auth.service}.`,
    );
  }
  if (!auth.signedHeaders.includes("content-type") || !auth.signedHeaders.includes("host")) {
    throw new ApiError("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host.");
  }
  const extraHeaders: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    if (name !== "content-type" && name !== "host") extraHeaders[name] = headerValue(request, name) ?? "";
  }
  const expected = signTc3({
    secretId: credentials.secretId,
    secretKey: credentials.secretKey,
    service: auth.service,
    host: hostname,
    timestamp,
    contentType: headerValue(request, "content-type") ?? "",
    payload: request.body,
    method: request.method,
    extraHeaders,
  });
  const sameHeaders = expected.signedHeaders === auth.signedHeaders.join(";");
  const sameSignature = timingSafeEqual(Buffer.from(expected.signature, "hex"), Buffer.from(auth.signature, "hex"));
  if (!sameHeaders || !sameSignature) {
    throw new ApiError(
      "AuthFailure.SignatureFailure",
      "The provided credentials could not be validated: the signature does not match. Check the SecretKey.",
    );
  }
}
