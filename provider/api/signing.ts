// TencentCloud API 3.0 request signing, TC3-HMAC-SHA256.
// https://www.tencentcloud.com/document/api/647/34264 (intl) and https://cloud.tencent.com/document/api/213/30654 (CN)

import { createHash, createHmac } from "node:crypto";

export const TC3_ALGORITHM = "TC3-HMAC-SHA256";

export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** Credential-scope service: `trtc` for every TRTC endpoint. */
  service: string;
  /** Host name as signed (lower-cased, without a port, as the official SDK signs it). */
  host: string;
  /** Unix time in seconds; it also fixes the UTC date of the credential scope. */
  timestamp: number;
  contentType: string;
  /** The exact bytes sent: the hash covers them byte for byte. */
  payload: string | Uint8Array;
  method?: string;
  /** Extra headers to sign besides content-type and host (the CN docs sign `x-tc-action`). */
  extraHeaders?: Record<string, string>;
}

export interface Tc3Signature {
  authorization: string;
  signature: string;
  canonicalRequest: string;
  stringToSign: string;
  credentialScope: string;
  signedHeaders: string;
}

const sha256Hex = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data).digest();

/** UTC date of a Unix timestamp; local dates break signing between 00:00 and 08:00 in UTC+8. */
export function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function signTc3(request: Tc3Request): Tc3Signature {
  const headers: Record<string, string> = {
    "content-type": request.contentType,
    host: request.host,
  };
  for (const [name, value] of Object.entries(request.extraHeaders ?? {})) headers[name.toLowerCase()] = value;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? "").trim().toLowerCase()}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    request.method ?? "POST",
    "/",
    "",
    canonicalHeaders,
    signedHeaders,
    sha256Hex(request.payload),
  ].join("\n");
  const date = utcDate(request.timestamp);
  const credentialScope = `${date}/${request.service}/tc3_request`;
  const stringToSign = [TC3_ALGORITHM, String(request.timestamp), credentialScope, sha256Hex(canonicalRequest)].join(
    "\n",
  );
  const secretDate = hmac(`TC3${request.secretKey}`, date);
  const secretService = hmac(secretDate, request.service);
  const secretSigning = hmac(secretService, "tc3_request");
  const signature = createHmac("sha256", secretSigning).update(stringToSign).digest("hex");
  const authorization = `${TC3_ALGORITHM} Credential=${request.secretId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { authorization, signature, canonicalRequest, stringToSign, credentialScope, signedHeaders };
}

export interface ParsedAuthorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION_PATTERN =
  /^TC3-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s,]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** Parses a TC3 Authorization header; undefined when it is malformed. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = AUTHORIZATION_PATTERN.exec(header);
  if (!match) return undefined;
  const [, secretId = "", date = "", service = "", signed = "", signature = ""] = match;
  return { secretId, date, service, signedHeaders: signed.split(";"), signature };
}
