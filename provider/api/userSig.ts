// UserSig and PrivateMapKey (TLS sig API v2), the tickets a recording robot needs to enter a room.
// Algorithm: https://www.tencentcloud.com/document/product/647/35166 and the official tls-sig-api-v2 libraries.

import { createHmac, timingSafeEqual } from "node:crypto";
import { deflateSync, inflateSync } from "node:zlib";

export interface UserSigOptions {
  /** SDKAppID of the TRTC application. */
  sdkAppId: number;
  /** The application's SDKSecretKey from the TRTC console (used as text, not hex-decoded). */
  sdkSecretKey: string;
  /** UserId the ticket is for: at most 32 bytes of letters, digits, `_` and `-`. */
  userId: string;
  /** Validity in seconds. @defaultValue 86400 */
  expireSeconds?: number;
  /** Issue time, Unix seconds. @defaultValue now */
  issuedAt?: number;
}

/** Privilege bits of a PrivateMapKey. */
export const Privilege = {
  CreateRoom: 1,
  EnterRoom: 2,
  SendAudio: 4,
  ReceiveAudio: 8,
  SendVideo: 16,
  ReceiveVideo: 32,
  SendAuxiliaryVideo: 64,
  ReceiveAuxiliaryVideo: 128,
  All: 255,
} as const;

/** What a recording robot needs: enter the room and receive audio, video and screen share. */
export const RECORDER_PRIVILEGES =
  Privilege.EnterRoom | Privilege.ReceiveAudio | Privilege.ReceiveVideo | Privilege.ReceiveAuxiliaryVideo;

export interface PrivateMapKeyOptions extends UserSigOptions {
  /** The room the ticket opens: a number (integer rooms) or a string (string rooms, with `roomIdType` 0). */
  roomId: number | string;
  /** `1` integer room (default when `roomId` is a number), `0` string room. */
  roomIdType?: 0 | 1;
  /** Privilege bits, see {@link Privilege}. @defaultValue RECORDER_PRIVILEGES (170) */
  privilegeMap?: number;
}

const DEFAULT_EXPIRE_SECONDS = 86400;

// Tencent's URL-safe base64: + → *, / → -, = → _ (not RFC 4648 base64url).
function escapeBase64(b64: string): string {
  return b64.replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}

function unescapeBase64(text: string): string {
  return text.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
}

function hmacBase64(key: string, identifier: string, sdkAppId: number, time: number, expire: number, userBuf?: string) {
  let content = `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n`;
  if (userBuf !== undefined) content += `TLS.userbuf:${userBuf}\n`;
  return createHmac("sha256", key).update(content).digest("base64");
}

function issue(options: UserSigOptions, userBuf?: Buffer): string {
  const time = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const expire = options.expireSeconds ?? DEFAULT_EXPIRE_SECONDS;
  const doc: Record<string, string | number> = {
    "TLS.ver": "2.0",
    "TLS.identifier": options.userId,
    "TLS.sdkappid": options.sdkAppId,
    "TLS.time": time,
    "TLS.expire": expire,
  };
  const userBufBase64 = userBuf?.toString("base64");
  if (userBufBase64 !== undefined) doc["TLS.userbuf"] = userBufBase64;
  doc["TLS.sig"] = hmacBase64(options.sdkSecretKey, options.userId, options.sdkAppId, time, expire, userBufBase64);
  return escapeBase64(deflateSync(Buffer.from(JSON.stringify(doc))).toString("base64"));
}

/** Mints a UserSig for `userId`, valid for `expireSeconds` from `issuedAt`. */
export function generateUserSig(options: UserSigOptions): string {
  return issue(options);
}

/** Mints a PrivateMapKey: a UserSig that also limits which room the user may enter and what it may do there. */
export function generatePrivateMapKey(options: PrivateMapKeyOptions): string {
  const time = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const expire = options.expireSeconds ?? DEFAULT_EXPIRE_SECONDS;
  const stringRoom = options.roomIdType === 0 || typeof options.roomId === "string";
  const account = Buffer.from(options.userId, "utf8");
  const room = stringRoom ? Buffer.from(String(options.roomId), "utf8") : Buffer.alloc(0);
  const buf = Buffer.alloc(1 + 2 + account.length + 20 + (stringRoom ? 2 + room.length : 0));
  let offset = buf.writeUInt8(stringRoom ? 1 : 0, 0);
  offset = buf.writeUInt16BE(account.length, offset);
  offset += account.copy(buf, offset);
  offset = buf.writeUInt32BE(options.sdkAppId >>> 0, offset);
  offset = buf.writeUInt32BE(stringRoom ? 0 : Number(options.roomId) >>> 0, offset);
  offset = buf.writeUInt32BE((time + expire) >>> 0, offset);
  offset = buf.writeUInt32BE((options.privilegeMap ?? RECORDER_PRIVILEGES) >>> 0, offset);
  offset = buf.writeUInt32BE(0, offset);
  if (stringRoom) {
    offset = buf.writeUInt16BE(room.length, offset);
    room.copy(buf, offset);
  }
  return issue({ ...options, issuedAt: time, expireSeconds: expire }, buf);
}

export interface DecodedUserSig {
  version: string;
  identifier: string;
  sdkAppId: number;
  time: number;
  expire: number;
  userBuf?: string;
  sig: string;
}

/** Decodes a UserSig or PrivateMapKey without checking it; undefined when it is not one. */
export function decodeUserSig(userSig: string): DecodedUserSig | undefined {
  try {
    const doc = JSON.parse(inflateSync(Buffer.from(unescapeBase64(userSig), "base64")).toString("utf8"));
    const decoded: DecodedUserSig = {
      version: String(doc["TLS.ver"]),
      identifier: String(doc["TLS.identifier"]),
      sdkAppId: Number(doc["TLS.sdkappid"]),
      time: Number(doc["TLS.time"]),
      expire: Number(doc["TLS.expire"]),
      sig: String(doc["TLS.sig"]),
    };
    if (typeof doc["TLS.userbuf"] === "string") decoded.userBuf = doc["TLS.userbuf"];
    return Number.isFinite(decoded.time) && Number.isFinite(decoded.expire) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

export type UserSigCheck = { valid: true } | { valid: false; reason: string };

/** Verifies a UserSig as the TRTC backend does: signature, SdkAppId, UserId and validity window. */
export function verifyUserSig(
  userSig: string,
  expected: { sdkAppId: number; sdkSecretKey: string; userId: string; now?: number },
): UserSigCheck {
  const doc = decodeUserSig(userSig);
  if (!doc) return { valid: false, reason: "not a UserSig (cannot be decoded)" };
  if (doc.sdkAppId !== expected.sdkAppId) return { valid: false, reason: "issued for another SdkAppId" };
  if (doc.identifier !== expected.userId) return { valid: false, reason: "issued for another UserId" };
  const want = Buffer.from(
    hmacBase64(expected.sdkSecretKey, doc.identifier, doc.sdkAppId, doc.time, doc.expire, doc.userBuf),
  );
  const got = Buffer.from(doc.sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) {
    return { valid: false, reason: "signature does not match the SDKSecretKey" };
  }
  const now = expected.now ?? Math.floor(Date.now() / 1000);
  if (now > doc.time + doc.expire) return { valid: false, reason: "expired" };
  return { valid: true };
}
