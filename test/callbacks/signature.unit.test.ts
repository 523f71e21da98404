// The Sign header: the documentation's own example verifies; a wrong key, a changed body, a missing or altered
// header do not; and the comparison is crypto.timingSafeEqual's.
import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { callbackSignature, handleCallback, verifyCallbackSignature } from "../../provider/callbacks";
import { EXAMPLES, SIGNATURE_EXAMPLE } from "./documented";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const KEY = "Ab3dEfGh1jKlMn0pQrStUvWxYz012345";
const body = EXAMPLES[311];
const signed = (text: string, key = KEY) => ({ sign: callbackSignature(text, key), sdkappid: "1400000000" });

describe("callbackSignature", () => {
  it("gives the Sign value of the documentation's example (key 123654)", () => {
    expect(callbackSignature(SIGNATURE_EXAMPLE.body, SIGNATURE_EXAMPLE.key)).toBe(SIGNATURE_EXAMPLE.sign);
  });

  it("signs bytes and their UTF-8 text alike", () => {
    const text = '{"EventGroupId":3,"EventInfo":{"RoomId":"会议室"}}';
    expect(callbackSignature(Buffer.from(text, "utf8"), KEY)).toBe(callbackSignature(text, KEY));
  });
});

describe("verifyCallbackSignature", () => {
  it("accepts the documentation's example", () => {
    expect(verifyCallbackSignature(SIGNATURE_EXAMPLE.body, SIGNATURE_EXAMPLE.sign, SIGNATURE_EXAMPLE.key)).toBe(true);
  });

  it("accepts a good signature, with surrounding spaces a proxy may add", () => {
    expect(verifyCallbackSignature(body, callbackSignature(body, KEY), KEY)).toBe(true);
    expect(verifyCallbackSignature(body, ` ${callbackSignature(body, KEY)} `, KEY)).toBe(true);
  });

  it("refuses a signature made with another key", () => {
    expect(verifyCallbackSignature(body, callbackSignature(body, "AnotherKey123"), KEY)).toBe(false);
    expect(verifyCallbackSignature(SIGNATURE_EXAMPLE.body, SIGNATURE_EXAMPLE.sign, "123655")).toBe(false);
  });

  it("refuses a tampered body: one changed value, and the same JSON re-serialised", () => {
    const sign = callbackSignature(body, KEY);
    expect(verifyCallbackSignature(body.replace('"Status": 0', '"Status": 2'), sign, KEY)).toBe(false);
    expect(verifyCallbackSignature(JSON.stringify(JSON.parse(body)), sign, KEY)).toBe(false);
    expect(verifyCallbackSignature(`${body}\n`, sign, KEY)).toBe(false);
  });

  it("refuses a missing, empty, truncated or altered signature", () => {
    const sign = callbackSignature(body, KEY);
    for (const bad of [undefined, null, "", sign.slice(0, -1), `${sign}A`, sign.replace(/.$/, "x"), "not base64!"]) {
      expect(verifyCallbackSignature(body, bad, KEY)).toBe(false);
    }
    // Base64 decoders skip unknown characters; the text is compared, so this is refused too.
    expect(verifyCallbackSignature(body, `${sign.slice(0, 10)}*${sign.slice(10, -1)}`, KEY)).toBe(false);
  });

  it("throws for a missing key instead of accepting anything", () => {
    expect(() => verifyCallbackSignature(body, "x", "")).toThrow(TypeError);
  });

  it("compares with crypto.timingSafeEqual, over the whole signature", () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    expect(verifyCallbackSignature(body, callbackSignature(body, KEY), KEY)).toBe(true);
    expect(verifyCallbackSignature(body, callbackSignature(body, "other"), KEY)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(44);
      expect((b as Buffer).length).toBe(44);
    }
  });
});

describe("handleCallback refuses before parsing", () => {
  it("a request without Sign (401 missing-signature)", () => {
    const result = handleCallback(body, { "content-type": "application/json" }, KEY);
    expect(result).toMatchObject({ ok: false, status: 401, reason: "missing-signature" });
  });

  it("a wrong key or a tampered body (401 bad-signature), and the message names neither key nor signature", () => {
    const headers = signed(body, "WrongKey");
    for (const result of [
      handleCallback(body, headers, KEY),
      handleCallback(body.replace("xxxx.mp4", "yyyy.mp4"), signed(body), KEY),
    ]) {
      expect(result).toMatchObject({ ok: false, status: 401, reason: "bad-signature" });
      if (result.ok) continue;
      expect(result.message).not.toContain(KEY);
      expect(result.message).not.toContain(headers.sign);
      expect(result.message).not.toContain(callbackSignature(body, KEY));
    }
  });

  it("finds Sign whatever the header case, in a record or in fetch Headers", () => {
    const sign = callbackSignature(body, KEY);
    expect(handleCallback(body, { Sign: sign }, KEY).ok).toBe(true);
    expect(handleCallback(body, { sign: [sign, "other"] }, KEY).ok).toBe(true);
    expect(handleCallback(body, new Headers({ SIGN: sign }), KEY).ok).toBe(true);
  });

  it("throws for a missing key", () => {
    expect(() => handleCallback(body, signed(body), "")).toThrow(TypeError);
  });
});
