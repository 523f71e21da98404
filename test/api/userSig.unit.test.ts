import { inflateSync } from "node:zlib";
import fc from "fast-check";
import TLSSigAPIv2 from "tls-sig-api-v2";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  decodeUserSig,
  generatePrivateMapKey,
  generateUserSig,
  RECORDER_PRIVILEGES,
  verifyUserSig,
} from "../../provider/api/userSig";

const KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const SDK_APP_ID = 1400000000;

function decodeOfficial(sig: string) {
  const b64 = sig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
  return JSON.parse(inflateSync(Buffer.from(b64, "base64")).toString("utf8"));
}

describe("UserSig", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("matches the official tls-sig-api-v2 signature (reference §6.1 vector)", () => {
    const sig = generateUserSig({
      sdkAppId: SDK_APP_ID,
      sdkSecretKey: KEY,
      userId: "xiaojun",
      expireSeconds: 86400,
      issuedAt: 1700000000,
    });
    expect(decodeUserSig(sig)?.sig).toBe("SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=");
  });

  it("decodes to the same document as the official library for random users, keys and times", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
        fc.string({ minLength: 1, maxLength: 64 }).filter((k) => /^[\x20-\x7e]+$/.test(k)),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }),
        fc.integer({ min: 1, max: 180 * 86400 }),
        (userId, key, sdkAppId, issuedAt, expire) => {
          vi.spyOn(Date, "now").mockReturnValue(issuedAt * 1000);
          const official = decodeOfficial(new TLSSigAPIv2.Api(sdkAppId, key).genUserSig(userId, expire));
          const ours = decodeOfficial(generateUserSig({ sdkAppId, sdkSecretKey: key, userId, expireSeconds: expire }));
          expect(ours).toEqual(official);
          vi.restoreAllMocks();
        },
      ),
      { numRuns: 200 },
    );
  });

  it("mints PrivateMapKeys identical to the official library for numeric and string rooms", () => {
    vi.spyOn(Date, "now").mockReturnValue(1_700_000_000_000);
    const api = new TLSSigAPIv2.Api(SDK_APP_ID, KEY);
    const numeric = generatePrivateMapKey({
      sdkAppId: SDK_APP_ID,
      sdkSecretKey: KEY,
      userId: "rec_3560",
      roomId: 3560,
      expireSeconds: 300,
      privilegeMap: 42,
    });
    expect(decodeOfficial(numeric)).toEqual(decodeOfficial(api.genPrivateMapKey("rec_3560", 300, 3560, 42)));
    const named = generatePrivateMapKey({
      sdkAppId: SDK_APP_ID,
      sdkSecretKey: KEY,
      userId: "rec_x",
      roomId: "class-7a",
      expireSeconds: 300,
    });
    expect(decodeOfficial(named)).toEqual(
      decodeOfficial(api.genPrivateMapKeyWithStringRoomID("rec_x", 300, "class-7a", RECORDER_PRIVILEGES)),
    );
  });

  it("round-trips through verification and rejects tampering, other users, other apps and expiry", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/), fc.integer({ min: 60, max: 86400 }), (userId, expire) => {
        const issuedAt = 1_700_000_000;
        const sig = generateUserSig({
          sdkAppId: SDK_APP_ID,
          sdkSecretKey: KEY,
          userId,
          expireSeconds: expire,
          issuedAt,
        });
        const expected = { sdkAppId: SDK_APP_ID, sdkSecretKey: KEY, userId, now: issuedAt + 1 };
        expect(verifyUserSig(sig, expected)).toEqual({ valid: true });
        expect(verifyUserSig(sig, { ...expected, sdkSecretKey: `${KEY}x` }).valid).toBe(false);
        expect(verifyUserSig(sig, { ...expected, userId: `${userId}x` }).valid).toBe(false);
        expect(verifyUserSig(sig, { ...expected, sdkAppId: SDK_APP_ID + 1 }).valid).toBe(false);
        expect(verifyUserSig(sig, { ...expected, now: issuedAt + expire + 1 })).toEqual({
          valid: false,
          reason: "expired",
        });
      }),
      { numRuns: 100 },
    );
    expect(verifyUserSig("not-a-sig", { sdkAppId: 1, sdkSecretKey: KEY, userId: "u" }).valid).toBe(false);
  });
});
