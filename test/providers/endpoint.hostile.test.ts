// Both providers' create, read, update and delete against an endpoint that answers badly in every way a broken
// gateway, a captive portal or a hostile server could. test/client/client.hostile.test.ts covers the client; this
// covers what the provider makes of it: a clear TrtcApiError, within a bounded time and a bounded amount of memory,
// and nothing for the engine to store (a create that throws has no id; a result never holds `undefined`).
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cloud from "../../provider/cloudRecordingProvider";
import { TrtcApiError } from "../../provider/errors";
import * as web from "../../provider/webRecordingProvider";
import { type LocalServer, startLocalServer } from "../localServer";
import type { Props } from "./arbitraries/fields";
import { configureProviders } from "./configure";

// Each behaviour is selected by the X-TC-Region header, so every behaviour can run at once against one endpoint
// (the provider's settings are per process). The names are region-shaped so that the client sends them.
const BEHAVIOURS = {
  "hostile-malformed-json": (res: ServerResponse) => json(res, '{"Response": {"TaskId": "t-1", '),
  "hostile-missing-fields": (res: ServerResponse) => json(res, JSON.stringify({ Response: { RequestId: "r-1" } })),
  "hostile-wrong-types": (res: ServerResponse) =>
    json(
      res,
      JSON.stringify({
        Response: { RequestId: "r-1", TaskId: 42, Status: 5, StorageFileList: "files", RecordId: { id: 1 } },
      }),
    ),
  "hostile-null-envelope": (res: ServerResponse) => json(res, "null"),
  "hostile-html-page": (res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html><body>Sign in to continue</body></html>");
  },
  "hostile-gateway-error": (res: ServerResponse) => {
    res.writeHead(502, { "content-type": "text/html" });
    res.end("<html>502 Bad Gateway</html>");
  },
  "hostile-redirect": (res: ServerResponse) => {
    res.writeHead(307, { location: `${trap.url}/` });
    res.end();
  },
  "hostile-huge-body": (res: ServerResponse) => endless(res),
  "hostile-slow-drip": (res: ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"Response": ');
    const timer = setInterval(() => res.write(" "), 40);
    res.on("close", () => clearInterval(timer));
  },
  "hostile-truncated": (res: ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
    res.write('{"Response": {"TaskId": "t-1"');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  "hostile-huge-headers": (res: ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json", "x-padding": "p".repeat(64 * 1024) });
    res.end(JSON.stringify({ Response: { RequestId: "r-1", TaskId: "t-1" } }));
  },
  "hostile-oversized-error": (res: ServerResponse) =>
    json(
      res,
      JSON.stringify({
        Response: { RequestId: "r-1", Error: { Code: "InternalError", Message: `${"x".repeat(100_000)}END` } },
      }),
    ),
} satisfies Record<string, (res: ServerResponse) => void>;

type Behaviour = keyof typeof BEHAVIOURS;

function json(res: ServerResponse, body: string): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(body);
}

/** Writes up to 256 MB; counts what got out before the client hung up. */
const HUGE_LIMIT = 256 * 1024 * 1024;
let hugeBytesWritten = 0;
function endless(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let written = 0;
  let closed = false;
  res.on("close", () => {
    closed = true;
  });
  const pump = () => {
    while (!closed && written < HUGE_LIMIT) {
      written += chunk.length;
      hugeBytesWritten = Math.max(hugeBytesWritten, written);
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    if (!closed) res.end();
  };
  pump();
}

interface Listening extends LocalServer {
  hits: number;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listening> {
  let hits = 0;
  const server = await startLocalServer((req, _body, res) => {
    hits++;
    handler(req, res);
  });
  return {
    ...server,
    get hits() {
      return hits;
    },
  };
}

let endpoint: Listening;
let trap: Listening;

beforeAll(async () => {
  trap = await listen((_req, res) => json(res, JSON.stringify({ Response: { RequestId: "trap", TaskId: "trap" } })));
  endpoint = await listen((req, res) => {
    const behaviour = BEHAVIOURS[req.headers["x-tc-region"] as Behaviour];
    if (behaviour) behaviour(res);
    else
      json(res, JSON.stringify({ Response: { RequestId: "r", Error: { Code: "UnsupportedRegion", Message: "?" } } }));
  });
  const config: Record<string, string> = {
    "trtc:endpoint": endpoint.url,
    "trtc:secretId": "AKIDhostile",
    "trtc:secretKey": "hostile-endpoint-secret-key",
    "trtc:region": "ap-singapore",
    "trtc:sdkAppId": "1400000000",
    "trtc:sdkSecretKey": "hostile-endpoint-sdk-secret-key",
    "trtc:requestTimeoutSeconds": "0.5",
    "trtc:deadlineSeconds": "1.5",
    "trtc:maxRequestsPerSecond": "1000",
  };
  void configureProviders(config);
});

afterAll(async () => {
  await Promise.all([endpoint.close(), trap.close()]);
});

/** Paths of every `undefined` in a value: the host cannot encode them, and they must never reach state. */
function undefinedPaths(value: unknown, path = "$"): string[] {
  if (value === undefined) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => undefinedPaths(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => undefinedPaths(v, `${path}.${k}`));
  }
  return [];
}

type Outcome = { ok: true; value: unknown; ms: number } | { ok: false; error: unknown; ms: number };

async function outcome(work: () => Promise<unknown>): Promise<Outcome> {
  const started = performance.now();
  try {
    const value = await work();
    return { ok: true, value, ms: performance.now() - started };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - started };
  }
}

interface Calls {
  create: Outcome;
  read: Outcome;
  update: Outcome;
  delete: Outcome;
}

async function checked(provider: typeof cloud | typeof web, news: Props): Promise<Props> {
  const result = await provider.check({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs as Props;
}

/** Every lifecycle call of one provider against one behaviour, concurrently. */
async function lifecycle(kind: "cloud" | "web", behaviour: Behaviour): Promise<Calls> {
  const provider = kind === "cloud" ? cloud : web;
  const news: Props =
    kind === "cloud"
      ? {
          __logicalName: "hostile",
          roomId: "4242",
          recordParams: { recordMode: 2 },
          mixLayoutParams: { mixLayoutMode: 3 },
          storageParams: { cloudVod: { tencentVod: {} } },
        }
      : { __logicalName: "hostile", recordUrl: "https://example.com/page", storageParams: { cloudVod: {} } };
  // The region routes the request to the behaviour; it is set after check, which would refuse it.
  const inputs = { ...(await checked(provider, news)), region: behaviour };
  const taskId = "task-hostile-1";
  const state: Props = { ...inputs, taskId, status: "InProgress", startedAt: "2026-01-01T00:00:00.000Z" };
  const changed: Props =
    kind === "cloud" ? { ...inputs, mixLayoutParams: { mixLayoutMode: 1 } } : { ...inputs, whenEnded: "keep" };
  const [create, read, update, remove] = await Promise.all([
    outcome(() => provider.create(inputs)),
    outcome(() => provider.read(taskId, state)),
    outcome(() => provider.update(taskId, state, changed)),
    outcome(() => provider.delete(taskId, state)),
  ]);
  return { create, read, update, delete: remove };
}

const results = new Map<string, Calls>();

describe("providers against a hostile endpoint", () => {
  beforeAll(async () => {
    const runs = (Object.keys(BEHAVIOURS) as Behaviour[]).flatMap((behaviour) =>
      (["cloud", "web"] as const).map(async (kind) => {
        results.set(`${kind} ${behaviour}`, await lifecycle(kind, behaviour));
      }),
    );
    await Promise.all(runs);
  }, 30_000);

  for (const behaviour of Object.keys(BEHAVIOURS) as Behaviour[]) {
    for (const kind of ["cloud", "web"] as const) {
      it(`${kind}: ${behaviour}`, () => {
        const calls = results.get(`${kind} ${behaviour}`) as Calls;
        // Creating never succeeds on an answer that is not a valid start, and leaves no id for the engine to keep.
        expect(calls.create.ok).toBe(false);
        if (!calls.create.ok) {
          expect(TrtcApiError.isInstance(calls.create.error), String(calls.create.error)).toBe(true);
          expect((calls.create.error as { id?: unknown }).id).toBeUndefined();
        }
        // Reading never mistakes a bad answer for a gone task (which would drop it from state) or for a good one.
        expect(calls.read.ok).toBe(false);
        for (const [method, call] of Object.entries(calls) as Array<[keyof Calls, Outcome]>) {
          if (call.ok) {
            // delete answers nothing; create, read and update answer what the engine stores.
            if (method !== "delete") expect(undefinedPaths(call.value)).toEqual([]);
          } else {
            const error = call.error as Error;
            expect(TrtcApiError.isInstance(error), String(error)).toBe(true);
            const apiError = error as TrtcApiError;
            expect(apiError.code).toMatch(/^(ClientError\.[A-Za-z]+|InternalError)$/);
            expect(error.message).toContain(apiError.action);
            // Bounded: a service message is cut (its code kept), never passed on whole.
            expect(error.message.length).toBeLessThan(1_500);
            expect(error.message).not.toContain("xEND");
            expect(error.message).not.toContain("hostile-endpoint-secret-key");
          }
          // Attempt timeouts (0.5 s), the deadline (1.5 s) and the provider's 4 start attempts bound every call.
          expect(call.ms).toBeLessThan(8_000);
        }
      });
    }
  }

  it("reads at most a bounded prefix of an endless body", () => {
    expect(hugeBytesWritten).toBeGreaterThan(1024 * 1024);
    // The client stops at 1 MB; socket buffers account for the rest.
    expect(hugeBytesWritten).toBeLessThan(32 * 1024 * 1024);
  });

  it("never follows a redirect", () => {
    expect(trap.hits).toBe(0);
    const redirected = results.get("cloud hostile-redirect") as Calls;
    expect(redirected.read.ok || String((redirected.read as { error: unknown }).error)).toContain("redirect");
  });

  it("accepts a bare acknowledgement where the API documents no fields, and changes nothing else", () => {
    // ModifyCloudRecording, DeleteCloudRecording and StopWebRecord answer with nothing but a RequestId.
    const cloudCalls = results.get("cloud hostile-missing-fields") as Calls;
    expect(cloudCalls.update).toMatchObject({ ok: true });
    expect(cloudCalls.delete).toMatchObject({ ok: true });
    const outs = ((cloudCalls.update as { value: Props }).value.outs ?? {}) as Props;
    expect(outs).toMatchObject({
      taskId: "task-hostile-1",
      status: "InProgress",
      mixLayoutParams: { mixLayoutMode: 1 },
    });
  });
});
