import fc from "fast-check";
import Sign from "tencentcloud-sdk-nodejs-common/tencentcloud/common/sign";
import { describe, expect, it } from "vitest";
import { parseAuthorization, signTc3, utcDate } from "../../provider/api/signing";

// The published example of https://www.tencentcloud.com/document/api/647/34264 (reference §4.7).
const VECTOR_BODY = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const vector = {
  service: "cvm",
  host: "cvm.tencentcloudapi.com",
  timestamp: 1551113065,
  contentType: "application/json; charset=utf-8",
  payload: VECTOR_BODY,
};

describe("TC3-HMAC-SHA256", () => {
  it("reproduces published vector 1 (intl Signature v3 page)", () => {
    const signed = signTc3({
      ...vector,
      secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
      secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    });
    expect(signed.canonicalRequest).toBe(
      "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
    );
    expect(signed.stringToSign).toBe(
      "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
    );
    expect(signed.authorization).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    );
  });

  it("reproduces published vector 2 (older page, literal masked keys)", () => {
    const signed = signTc3({
      ...vector,
      secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
      secretKey: "Gu5t9xGARNpq86cd98joQYCN3*******",
    });
    expect(signed.signature).toBe("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
  });

  it("reproduces published vector 3 (CN page, x-tc-action signed)", () => {
    const signed = signTc3({
      ...vector,
      secretId: `AKID${"*".repeat(32)}`,
      secretKey: "*".repeat(32),
      extraHeaders: { "X-TC-Action": "DescribeInstances" },
    });
    expect(signed.signedHeaders).toBe("content-type;host;x-tc-action");
    expect(signed.canonicalRequest).toContain("x-tc-action:describeinstances\n");
    expect(signed.signature).toBe("10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");
  });

  it("uses the UTC date, not the local one (00:44 in UTC+8 is still the previous day in UTC)", () => {
    expect(utcDate(1551113065)).toBe("2019-02-25");
  });

  it("agrees with the official signer Sign.sign3 on random bodies, timestamps, keys and hosts", () => {
    const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,20}[a-z0-9])?$/);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400, unit: "binary" }),
        fc.integer({ min: 946684800, max: 4102444800 }),
        fc.stringMatching(/^[A-Za-z0-9]{1,40}$/),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.constantFrom("application/json", "application/json; charset=utf-8"),
        (body, timestamp, secretId, secretKey, labels, contentType) => {
          // The client signs the URL parser's host name, as Sign.sign3 does.
          const host = new URL(`https://${labels.join(".")}/`).hostname;
          const payload = Buffer.from(body, "utf8");
          const ours = signTc3({ secretId, secretKey, service: "trtc", host, timestamp, contentType, payload });
          const official = Sign.sign3({
            method: "POST",
            url: `https://${host}/`,
            payload,
            timestamp,
            service: "trtc",
            secretId,
            secretKey,
            multipart: false,
            boundary: "",
            headers: { "Content-Type": contentType },
          });
          expect(ours.authorization).toBe(official);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("parses what it produces and rejects malformed headers", () => {
    const { authorization } = signTc3({ ...vector, secretId: "AKIDabc", secretKey: "k" });
    expect(parseAuthorization(authorization)).toMatchObject({
      secretId: "AKIDabc",
      date: "2019-02-25",
      service: "cvm",
      signedHeaders: ["content-type", "host"],
    });
    for (const bad of ["", "Bearer x", authorization.replace("Signature=", "Sig="), `${authorization}\nX: y`]) {
      expect(parseAuthorization(bad)).toBeUndefined();
    }
  });
});
