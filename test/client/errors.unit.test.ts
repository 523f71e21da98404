import { describe, expect, it } from "vitest";
import { isRetryable } from "../../provider/client/retry";
import { classifyCode, TrtcApiError } from "../../provider/errors";

describe("error classification", () => {
  it("sorts codes into throttling, transient, gone and fatal in one place", () => {
    expect(classifyCode("RequestLimitExceeded")).toBe("throttling");
    expect(classifyCode("RequestLimitExceeded.UinLimitExceeded")).toBe("throttling");
    expect(classifyCode("RequestLimitExceeded.GlobalRegionUinLimitExceeded")).toBe("throttling");
    expect(classifyCode("InternalError")).toBe("transient");
    expect(classifyCode("InternalError.CRInternalError")).toBe("transient");
    expect(classifyCode("ServiceUnavailable")).toBe("transient");
    expect(classifyCode("ClientError.NetworkError")).toBe("transient");
    expect(classifyCode("ClientError.Timeout")).toBe("transient");
    expect(classifyCode("ResourceNotFound")).toBe("gone");
    expect(classifyCode("FailedOperation.TaskNotExist")).toBe("gone");
    expect(classifyCode("FailedOperation.TaskFinished")).toBe("gone");
    for (const code of [
      "AuthFailure.SignatureFailure",
      "InvalidParameter",
      "FailedOperation.TaskExist",
      "RequestLimitExceededX",
    ]) {
      expect(classifyCode(code)).toBe("fatal");
    }
  });

  it("never retries a starting action after an ambiguous failure", () => {
    const ambiguous = new TrtcApiError({
      code: "ClientError.NetworkError",
      message: "reset",
      action: "x",
      ambiguous: true,
    });
    const refused = new TrtcApiError({ code: "ClientError.NetworkError", message: "refused", action: "x" });
    expect(isRetryable(ambiguous, "CreateCloudRecording")).toBe(false);
    expect(isRetryable(ambiguous, "StartWebRecord")).toBe(false);
    expect(isRetryable(ambiguous, "DescribeCloudRecording")).toBe(true);
    expect(isRetryable(refused, "CreateCloudRecording")).toBe(true);
    const throttled = new TrtcApiError({ code: "RequestLimitExceeded", message: "slow down", action: "x" });
    expect(isRetryable(throttled, "StartWebRecord")).toBe(true);
  });

  it("carries code, message, requestId and action, and says what to do", () => {
    const error = new TrtcApiError({
      code: "AuthFailure.SecretIdNotFound",
      message: "The SecretId is not found.",
      action: "DescribeCloudRecording",
      requestId: "abc-123",
    });
    expect(error).toMatchObject({
      code: "AuthFailure.SecretIdNotFound",
      requestId: "abc-123",
      action: "DescribeCloudRecording",
    });
    expect(error.message).toBe(
      "DescribeCloudRecording failed: AuthFailure.SecretIdNotFound: The SecretId is not found. (RequestId abc-123). The SecretId is unknown or disabled: check trtc:secretId / TENCENTCLOUD_SECRET_ID (watch for stray spaces).",
    );
  });

  it("is recognised across copies of the module by its brand", () => {
    const foreign = Object.assign(new Error("x"), { [Symbol.for("pulumi-trtc.TrtcApiError")]: true });
    expect(TrtcApiError.isInstance(foreign)).toBe(true);
    expect(foreign instanceof TrtcApiError).toBe(true);
    expect(new Error("plain") instanceof TrtcApiError).toBe(false);
    expect(TrtcApiError.isInstance(null)).toBe(false);
  });
});
