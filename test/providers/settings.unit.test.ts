import { describe, expect, it } from "vitest";
import { TrtcConfigError } from "../../provider/errors";
import { requireCredentials, resolveSettings } from "../../provider/task/settings";

const fromConfig = (values: Record<string, string>) => (key: string) => values[key];

describe("settings", () => {
  it("prefers stack config over the environment and defaults to the international site", () => {
    const settings = resolveSettings(fromConfig({ "trtc:secretId": "cfg-id", "trtc:region": "ap-singapore" }), {
      TENCENTCLOUD_SECRET_ID: "env-id",
      TENCENTCLOUD_SECRET_KEY: "env-key",
      TENCENTCLOUD_REGION: "ap-beijing",
    });
    expect(settings).toMatchObject({
      secretId: "cfg-id",
      secretKey: "env-key",
      region: "ap-singapore",
      site: "intl",
      endpoint: "https://trtc.intl.tencentcloudapi.com",
      maxRequestsPerSecond: 20,
      requestTimeoutMs: 10_000,
    });
  });

  it("reads every documented environment fallback", () => {
    const settings = resolveSettings(fromConfig({}), {
      TENCENTCLOUD_SECURITY_TOKEN: "tok",
      TRTC_SITE: "china",
      TRTC_SDK_APP_ID: "1400000001",
      TRTC_SDK_SECRET_KEY: "appkey",
      TRTC_MAX_REQUESTS_PER_SECOND: "5",
    });
    expect(settings).toMatchObject({
      sessionToken: "tok",
      site: "china",
      endpoint: "https://trtc.tencentcloudapi.com",
      sdkAppId: 1400000001,
      sdkSecretKey: "appkey",
      maxRequestsPerSecond: 5,
    });
    expect(resolveSettings(fromConfig({}), { TENCENTCLOUD_SESSION_TOKEN: "s" }).sessionToken).toBe("s");
  });

  it("allows plain http only for loopback endpoints", () => {
    expect(resolveSettings(fromConfig({ "trtc:endpoint": "http://127.0.0.1:8080" }), {}).endpoint).toBe(
      "http://127.0.0.1:8080",
    );
    expect(resolveSettings(fromConfig({ "trtc:endpoint": "http://[::1]:1/" }), {}).endpoint).toBe("http://[::1]:1");
    for (const endpoint of [
      "http://trtc.example.com",
      "http://10.0.0.1:80",
      "ftp://127.0.0.1",
      "https://h/x",
      "nope",
    ]) {
      expect(() => resolveSettings(fromConfig({ "trtc:endpoint": endpoint }), {})).toThrow(TrtcConfigError);
    }
  });

  it("rejects invalid values with a message naming where they came from", () => {
    expect(() => resolveSettings(fromConfig({ "trtc:site": "mars" }), {})).toThrow(
      /trtc:site or environment variable TRTC_SITE/,
    );
    expect(() => resolveSettings(fromConfig({}), { TRTC_SDK_APP_ID: "abc" })).toThrow(/positive integer/);
  });

  it("names every place a missing credential could have come from", () => {
    const error = (() => {
      try {
        requireCredentials(resolveSettings(fromConfig({}), {}));
      } catch (e) {
        return e as Error;
      }
      throw new Error("no error");
    })();
    expect(TrtcConfigError.isInstance(error)).toBe(true);
    expect(error.message).toContain("stack config trtc:secretId or environment variable TENCENTCLOUD_SECRET_ID");
    expect(error.message).toContain("stack config trtc:secretKey or environment variable TENCENTCLOUD_SECRET_KEY");
  });
});
