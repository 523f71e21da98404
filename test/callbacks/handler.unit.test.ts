// createCallbackHandler as a node:http listener on a loopback port: the answers TRTC gets for each kind of request.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CallbackHandlerOptions,
  type CallbackRejection,
  callbackSignature,
  createCallbackHandler,
  type TrtcCallbackEvent,
} from "../../provider/callbacks";
import { EXAMPLES } from "./documented";

const KEY = "HandlerKey0123456789";
let server: Server | undefined;

async function listen(options: Partial<CallbackHandlerOptions> & Pick<CallbackHandlerOptions, "onEvent">) {
  server = createServer(createCallbackHandler({ key: KEY, ...options }));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/trtc`;
}

afterEach(async () => {
  const open = server;
  server = undefined;
  if (!open) return;
  open.closeAllConnections();
  await new Promise((resolve) => open.close(resolve));
});

async function post(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  return { status: response.status, text: await response.text() };
}

describe("createCallbackHandler", () => {
  it("answers 200 {code:0} to a signed event, after onEvent has run, and passes the parsed event", async () => {
    const events: TrtcCallbackEvent[] = [];
    const url = await listen({
      onEvent: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(event);
      },
    });
    const body = EXAMPLES[311];
    const answer = await post(url, body, { Sign: callbackSignature(body, KEY), SdkAppId: "1400000000" });
    expect(answer).toEqual({ status: 200, text: '{"code":0}' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "vodCommitted", sdkAppId: 1400000000, stage: "filesReady" });
  });

  it("answers 401 to a bad signature, tells onRejected, and never calls onEvent; the answer names no secret", async () => {
    const rejected: CallbackRejection[] = [];
    let called = 0;
    const url = await listen({ onEvent: () => void called++, onRejected: (r) => rejected.push(r) });
    const body = EXAMPLES[301];
    const good = callbackSignature(body, KEY);
    const attempts: Record<string, string>[] = [
      {},
      { Sign: callbackSignature(body, "OtherKey") },
      { Sign: good.replace(/^./, "A") },
    ];
    for (const headers of attempts) {
      const answer = await post(url, body, headers);
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(KEY);
      expect(answer.text).not.toContain(good);
    }
    expect(called).toBe(0);
    expect(rejected.map((r) => r.reason)).toEqual(["missing-signature", "bad-signature", "bad-signature"]);
  });

  it("answers 500 when onEvent throws, so that TRTC sends it again; the error stays out of the answer", async () => {
    const errors: unknown[] = [];
    const url = await listen({
      onEvent: () => {
        throw new Error("database down: password=hunter2");
      },
      onError: (error) => errors.push(error),
    });
    const body = EXAMPLES[302];
    const answer = await post(url, body, { Sign: callbackSignature(body, KEY) });
    expect(answer.status).toBe(500);
    expect(answer.text).not.toContain("hunter2");
    expect(errors).toHaveLength(1);
  });

  it("answers 405 to anything but POST", async () => {
    const url = await listen({ onEvent: () => {} });
    const response = await fetch(url);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("answers 413 to a body over maxBodyBytes without buffering it", async () => {
    let called = 0;
    const url = await listen({ onEvent: () => void called++, maxBodyBytes: 1024 });
    const body = JSON.stringify({ EventGroupId: 3, EventType: 301, EventInfo: { TaskId: "x".repeat(4096) } });
    const answer = await post(url, body, { Sign: callbackSignature(body, KEY) });
    expect(answer.status).toBe(413);
    expect(called).toBe(0);
  });

  it("answers 400 to a signed body that is not an event, and 403 to another application", async () => {
    const url = await listen({ onEvent: () => {}, sdkAppIds: [1400000000] });
    const junk = '{"hello":"world"}';
    expect((await post(url, junk, { Sign: callbackSignature(junk, KEY), SdkAppId: "1400000000" })).status).toBe(400);
    const body = EXAMPLES[301];
    expect((await post(url, body, { Sign: callbackSignature(body, KEY), SdkAppId: "1400000009" })).status).toBe(403);
  });

  it("refuses to be created without a key", () => {
    expect(() => createCallbackHandler({ key: "", onEvent: () => {} })).toThrow(TypeError);
  });
});
