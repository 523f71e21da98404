// The client against a hostile or broken endpoint: every bad answer is a clear, bounded error.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TrtcClient } from "../../provider/client/client";
import { TrtcApiError } from "../../provider/errors";
import { type LocalServer, startLocalServer } from "../localServer";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: LocalServer;
let handler: Handler;
let hits = 0;
let endpoint = "";

beforeAll(async () => {
  server = await startLocalServer((req, body, res) => {
    hits++;
    handler(req, body.toString("utf8"), res);
  });
  endpoint = server.url;
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  hits = 0;
});

const json = (res: ServerResponse, value: unknown, status = 200) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
};

function client(overrides: Partial<ConstructorParameters<typeof TrtcClient>[0]> = {}) {
  return new TrtcClient({
    credentials: { secretId: "AKIDtest", secretKey: "super-secret-key-value" },
    endpoint,
    maxRequestsPerSecond: 1000,
    requestTimeoutMs: 2_000,
    deadlineMs: 10_000,
    sleep: async () => {},
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<TrtcApiError> {
  try {
    await promise;
  } catch (error) {
    expect(TrtcApiError.isInstance(error)).toBe(true);
    return error as TrtcApiError;
  }
  throw new Error("expected a failure");
}

const describeCall = (c = client()) =>
  c.call("DescribeCloudRecording", "ap-singapore", { SdkAppId: 1400000000, TaskId: "task-1" });
const createCall = (c = client()) =>
  c.call("CreateCloudRecording", "ap-singapore", {
    SdkAppId: 1400000000,
    RoomId: "1",
    UserId: "rec",
    UserSig: "the-user-sig-value",
    RecordParams: { RecordMode: 2 },
    StorageParams: { CloudVod: {} },
  });

describe("client against hostile responses", () => {
  it("rejects malformed JSON", async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"Response": {');
    };
    const error = await failure(describeCall());
    expect(error.code).toBe("ClientError.InvalidResponse");
    expect(error.message).toContain("not valid JSON");
    expect(hits).toBe(1);
  });

  it("never turns a missing or wrong-typed field into a stored undefined", async () => {
    handler = (_q, _b, res) => json(res, { Response: { RequestId: "r1" } });
    const missing = await failure(createCall());
    expect(missing.code).toBe("ClientError.InvalidResponse");
    expect(missing.message).toContain("TaskId");
    expect(missing.ambiguous).toBe(true);
    handler = (_q, _b, res) => json(res, { Response: { RequestId: "r1", TaskId: 42 } });
    expect((await failure(createCall())).message).toContain("TaskId");
    handler = (_q, _b, res) => json(res, { Response: { RequestId: "r1", TaskId: "abc\r\nSet-Cookie: x" } });
    expect((await failure(createCall())).code).toBe("ClientError.InvalidResponse");
    handler = (_q, _b, res) => json(res, { Response: { RequestId: "r1", TaskId: "t", Status: 5 } });
    expect((await failure(describeCall())).message).toContain("Status");
    handler = (_q, _b, res) => json(res, ["not", "an", "envelope"]);
    expect((await failure(describeCall())).message).toContain("envelope");
  });

  it("bounds huge bodies", async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(Buffer.alloc(3 * 1024 * 1024, 0x20));
    };
    const error = await failure(describeCall());
    expect(error.code).toBe("ClientError.InvalidResponse");
    expect(error.message).toContain("exceeds");
  });

  it("bounds slow drip answers by the attempt timeout and the deadline", async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const timer = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(timer));
    };
    const started = Date.now();
    const error = await failure(describeCall(client({ requestTimeoutMs: 300, deadlineMs: 1_000 })));
    expect(error.code).toBe("ClientError.Timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hits).toBeGreaterThan(1);
    hits = 0;
    const start = await failure(createCall(client({ requestTimeoutMs: 300, deadlineMs: 1_000 })));
    expect(start.ambiguous).toBe(true);
    expect(hits).toBe(1);
  });

  it("rejects a wrong content type", async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>login</html>");
    };
    expect((await failure(describeCall())).message).toContain('unexpected content type "text/html"');
  });

  it("never follows redirects", async () => {
    handler = (_q, _b, res) => {
      res.writeHead(302, { location: "https://attacker.example/" });
      res.end();
    };
    const error = await failure(describeCall());
    expect(error.message).toContain("redirect");
    expect(hits).toBe(1);
  });

  it("retries gateway errors for reads but never repeats a start that may have happened", async () => {
    handler = (_q, _b, res) => json(res, { message: "bad gateway" }, 503);
    expect((await failure(describeCall())).code).toBe("ClientError.HttpStatusCodeError");
    expect(hits).toBe(6);
    hits = 0;
    expect((await failure(createCall())).ambiguous).toBe(true);
    expect(hits).toBe(1);
  });

  it("treats a reset after sending as ambiguous and a refused connection as safe to retry", async () => {
    handler = (req) => req.socket.destroy();
    const reset = await failure(createCall());
    expect(reset).toMatchObject({ code: "ClientError.NetworkError", ambiguous: true });
    expect(hits).toBe(1);

    const refused = await failure(createCall(client({ endpoint: "http://127.0.0.1:9" })));
    expect(refused).toMatchObject({ code: "ClientError.NetworkError", ambiguous: false });
    expect(refused.message).toContain("before the request was sent");
  });

  it("retries throttling until the service answers", async () => {
    handler = (_q, _b, res) =>
      hits < 3
        ? json(res, { Response: { Error: { Code: "RequestLimitExceeded", Message: "slow down" }, RequestId: "r" } })
        : json(res, { Response: { TaskId: "task-9", RequestId: "r2" } });
    const result = await createCall();
    expect(result.response.TaskId).toBe("task-9");
    expect(hits).toBe(3);
  });

  it("keeps keys, tokens and UserSigs out of errors", async () => {
    handler = (req, body, res) =>
      json(res, {
        Response: {
          Error: { Code: "InvalidParameter", Message: `bad request ${body} auth=${req.headers.authorization}` },
          RequestId: "r",
        },
      });
    const error = await failure(createCall());
    expect(error.message).toContain("bad request");
    for (const secret of ["the-user-sig-value", "super-secret-key-value"]) expect(error.message).not.toContain(secret);
    expect(error.message).not.toMatch(/Signature=[0-9a-f]{64}/);
  });

  it("sends the documented headers and signs the exact bytes", async () => {
    let seen: IncomingMessage | undefined;
    handler = (req, _b, res) => {
      seen = req;
      json(res, { Response: { TaskId: "t", Status: "InProgress", StorageFileList: null, RequestId: "r" } });
    };
    await describeCall(
      client({ credentials: { secretId: "AKIDtest", secretKey: "k", sessionToken: "session-token" } }),
    );
    expect(seen?.headers).toMatchObject({
      "x-tc-action": "DescribeCloudRecording",
      "x-tc-version": "2019-07-22",
      "x-tc-region": "ap-singapore",
      "x-tc-language": "en-US",
      "x-tc-token": "session-token",
      "content-type": "application/json",
    });
    expect(seen?.headers["x-tc-timestamp"]).toMatch(/^\d{10}$/);
    expect(seen?.headers.authorization).toMatch(
      /^TC3-HMAC-SHA256 Credential=AKIDtest\/\d{4}-\d{2}-\d{2}\/trtc\/tc3_request/,
    );
  });

  it("refuses a region that could inject headers before sending anything", async () => {
    const error = await failure(client().call("StopWebRecord", "ap-singapore\r\nX-Evil: 1", { TaskId: "t" }));
    expect(error.code).toBe("InvalidParameter");
    expect(hits).toBe(0);
  });
});
