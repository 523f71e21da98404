// Signature checks and the common headers, with hand-signed requests: each way a request can be refused before
// its parameters are even read.

import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { signTc3 } from "../../provider/api/signing";
import { CREDENTIALS, call, cloudBody, startTestEmulator, useEmulator } from "./helpers";

let emulator: Emulator;

useEmulator((started) => {
  emulator = started;
});

const describeBody = { SdkAppId: 1400188366, TaskId: "x".repeat(56) };

describe("TC3-HMAC-SHA256 verification", () => {
  it("accepts a correctly signed request and answers in the API 3.0 envelope", async () => {
    const answer = await call(emulator.url, "DescribeCloudRecording", describeBody);
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(answer.code).toBe("ResourceNotFound");
    expect(answer.response.RequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("reports a malformed or missing Authorization header", async () => {
    const malformed = await call(emulator.url, "DescribeCloudRecording", describeBody, {
      authorization: "TC3-HMAC-SHA256 Credential=nonsense",
    });
    expect(malformed.code).toBe("AuthFailure.InvalidAuthorization");
    const missing = await call(emulator.url, "DescribeCloudRecording", describeBody, { authorization: null });
    expect(missing.code).toBe("AuthFailure.InvalidAuthorization");
  });

  it("reports an unknown SecretId", async () => {
    const answer = await call(emulator.url, "DescribeCloudRecording", describeBody, { secretId: "AKIDsomeoneElse" });
    expect(answer.code).toBe("AuthFailure.SecretIdNotFound");
  });

  it("reports a signature made with another key", async () => {
    const answer = await call(emulator.url, "DescribeCloudRecording", describeBody, { secretKey: "wrong" });
    expect(answer.code).toBe("AuthFailure.SignatureFailure");
  });

  it("reports a body changed after signing", async () => {
    const { authorization } = signTc3({
      ...CREDENTIALS,
      service: "trtc",
      host: "127.0.0.1",
      timestamp: Math.floor(Date.now() / 1000),
      contentType: "application/json",
      payload: JSON.stringify(describeBody),
    });
    const answer = await call(
      emulator.url,
      "DescribeCloudRecording",
      { ...describeBody, SdkAppId: 1 },
      { authorization },
    );
    expect(answer.code).toBe("AuthFailure.SignatureFailure");
  });

  it("expires signatures more than 5 minutes from the real clock, whatever the virtual clock says", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody, { timestamp: now - 301 })).code).toBe(
      "AuthFailure.SignatureExpire",
    );
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody, { timestamp: now + 400 })).code).toBe(
      "AuthFailure.SignatureExpire",
    );
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody, { timestamp: now - 200 })).code).toBe(
      "ResourceNotFound",
    );
    emulator.advanceClock(3 * 86400);
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody)).code).toBe("ResourceNotFound");
  });

  it("requires the credential scope date to be the UTC date of X-TC-Timestamp", async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const { authorization } = signTc3({
      ...CREDENTIALS,
      service: "trtc",
      host: "127.0.0.1",
      timestamp: timestamp - 86400,
      contentType: "application/json",
      payload: JSON.stringify(describeBody),
    });
    const answer = await call(emulator.url, "DescribeCloudRecording", describeBody, { authorization, timestamp });
    expect(answer.code).toBe("AuthFailure.InvalidAuthorization");
    expect(answer.message).toContain("UTC date");
  });

  it("accepts the service trtc or the first label of the Host header, as the official SDK signs", async () => {
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody, { service: "127" })).code).toBe(
      "ResourceNotFound",
    );
    const other = await call(emulator.url, "DescribeCloudRecording", describeBody, { service: "cvm" });
    expect(other.code).toBe("AuthFailure.InvalidAuthorization");
  });

  it("verifies extra signed headers such as x-tc-action (the CN docs' example)", async () => {
    const signed = await call(emulator.url, "DescribeCloudRecording", describeBody, {
      signExtra: { "x-tc-action": "DescribeCloudRecording" },
    });
    expect(signed.code).toBe("ResourceNotFound");
  });

  it("requires content-type and host among the signed headers", async () => {
    const answer = await call(emulator.url, "DescribeCloudRecording", describeBody, {
      authorization: `TC3-HMAC-SHA256 Credential=${CREDENTIALS.secretId}/${new Date().toISOString().slice(0, 10)}/trtc/tc3_request, SignedHeaders=host, Signature=${"0".repeat(64)}`,
    });
    expect(answer.code).toBe("AuthFailure.InvalidAuthorization");
  });

  it("checks the signature before anything else", async () => {
    const answer = await call(emulator.url, "NoSuchAction", {}, { secretKey: "wrong", region: "mars-1" });
    expect(answer.code).toBe("AuthFailure.SignatureFailure");
  });
});

describe("common headers", () => {
  it("reports an unknown or missing action", async () => {
    expect((await call(emulator.url, "DescribeRoomInfo", {})).code).toBe("InvalidAction");
    expect((await call(emulator.url, null, {})).code).toBe("MissingParameter");
  });

  it("requires API version 2019-07-22", async () => {
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody, { version: "2018-01-01" })).code).toBe(
      "NoSuchVersion",
    );
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody, { version: null })).code).toBe(
      "MissingParameter",
    );
  });

  it("requires a region the action is offered in on this site", async () => {
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody, { region: null })).code).toBe(
      "MissingParameter.Region",
    );
    const tokyo = await call(emulator.url, "CreateCloudRecording", cloudBody(), { region: "ap-tokyo" });
    expect(tokyo.code).toBe("UnsupportedRegion");
    expect(tokyo.message).toContain("ap-singapore");
    expect((await call(emulator.url, "StartWebRecord", {}, { region: "ap-beijing" })).code).toBe("UnsupportedRegion");
  });

  it("offers the China site's regions with site china", async () => {
    const china = await startTestEmulator({ site: "china" });
    try {
      expect((await call(china.url, "CreateCloudRecording", cloudBody(), { region: "ap-singapore" })).code).toBe(
        "UnsupportedRegion",
      );
      expect((await call(china.url, "CreateCloudRecording", cloudBody(), { region: "ap-beijing" })).code).toBe("OK");
      expect((await call(china.url, "StartWebRecord", {}, { region: "ap-beijing" })).code).toBe("MissingParameter");
    } finally {
      await china.close();
    }
  });

  it("stamps every answer with the virtual clock in the Date header", async () => {
    emulator.advanceClock(7200);
    const answer = await call(emulator.url, "DescribeCloudRecording", describeBody);
    expect(answer.headers.date).toBe(new Date(emulator.now()).toUTCString());
    const refused = await call(emulator.url, "DescribeCloudRecording", describeBody, { secretKey: "wrong" });
    expect(refused.headers.date).toBe(new Date(emulator.now()).toUTCString());
  });
});

describe("protocol", () => {
  it("accepts POST only", async () => {
    const answer = await call(emulator.url, "DescribeCloudRecording", describeBody, { method: "GET" });
    expect(answer.status).toBe(200);
    expect(answer.code).toBe("UnsupportedProtocol");
  });

  it("accepts JSON bodies only", async () => {
    const form = await call(emulator.url, "DescribeCloudRecording", undefined, {
      contentType: "application/x-www-form-urlencoded",
      rawBody: "SdkAppId=1",
    });
    expect(form.code).toBe("UnsupportedProtocol");
    const charset = await call(emulator.url, "DescribeCloudRecording", describeBody, {
      contentType: "application/json; charset=utf-8",
    });
    expect(charset.code).toBe("ResourceNotFound");
    const broken = await call(emulator.url, "DescribeCloudRecording", undefined, { rawBody: "{not json" });
    expect(broken.code).toBe("InvalidParameter");
    const array = await call(emulator.url, "DescribeCloudRecording", [describeBody]);
    expect(array.code).toBe("InvalidParameter");
    expect(array.message).toBe("The request body must be an object.");
  });

  it("serves the API at / only", async () => {
    expect((await call(emulator.url, "DescribeCloudRecording", describeBody, { path: "/v2" })).code).toBe(
      "UnsupportedProtocol",
    );
  });

  it("logs every API request with its outcome", async () => {
    await call(emulator.url, "DescribeCloudRecording", describeBody, { secretKey: "wrong" });
    await call(emulator.url, "DescribeCloudRecording", describeBody);
    const log = emulator.requests();
    expect(log.map((entry) => [entry.action, entry.code])).toEqual([
      ["DescribeCloudRecording", "AuthFailure.SignatureFailure"],
      ["DescribeCloudRecording", "ResourceNotFound"],
    ]);
    expect(log[0]?.at).toBe(new Date(emulator.now()).toISOString());
  });
});
