// The client's dispatcher and rate limits are options: an injected dispatcher carries every request (no pool of the
// client's own, no network), and clients given the same ActionRateLimits share one budget per action.
import { MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { TrtcClient } from "../../provider/client/client";
import { ActionRateLimits } from "../../provider/client/rateLimiter";

const ORIGIN = "https://trtc.intl.tencentcloudapi.com";
const CREDENTIALS = { secretId: "AKIDinjected000000000000000000", secretKey: "injected-secret-key-0000" };

let agent: MockAgent | undefined;

afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

function mockedAgent(answers: number): MockAgent {
  const mock = new MockAgent();
  agent = mock;
  mock.disableNetConnect();
  mock
    .get(ORIGIN)
    // Only a TC3-signed request for the action matches.
    .intercept({
      path: "/",
      method: "POST",
      headers: (headers) =>
        String(headers.authorization ?? "").startsWith("TC3-HMAC-SHA256 Credential=AKIDinjected") &&
        headers["x-tc-action"] === "DescribeCloudRecording",
    })
    .reply(
      200,
      { Response: { TaskId: "task-1", Status: "Idle", RequestId: "req-1" } },
      {
        headers: { "content-type": "application/json" },
      },
    )
    .times(answers);
  return mock;
}

const describeTask = (client: TrtcClient) =>
  client.call("DescribeCloudRecording", "ap-singapore", { SdkAppId: 1400000000, TaskId: "task-1" });

describe("an injected dispatcher", () => {
  it("carries the client's requests, signed, and is left open by the client's close()", async () => {
    const dispatcher = mockedAgent(2);
    const client = new TrtcClient({ credentials: CREDENTIALS, endpoint: ORIGIN, dispatcher });
    const answer = await describeTask(client);
    expect(answer).toMatchObject({ requestId: "req-1", response: { TaskId: "task-1", Status: "Idle" } });
    await client.close();
    // Still usable: the client closes only a pool it made itself.
    await expect(describeTask(client)).resolves.toMatchObject({ requestId: "req-1" });
    expect(() => dispatcher.assertNoPendingInterceptors()).not.toThrow();
  });
});

describe("shared rate limits", () => {
  it("make two clients take turns within one budget per action", async () => {
    const dispatcher = mockedAgent(3);
    const rateLimits = new ActionRateLimits(2);
    const a = new TrtcClient({ credentials: CREDENTIALS, endpoint: ORIGIN, dispatcher, rateLimits });
    const b = new TrtcClient({ credentials: CREDENTIALS, endpoint: ORIGIN, dispatcher, rateLimits });
    const started = performance.now();
    const done: number[] = [];
    await Promise.all(
      [a, b, a].map(async (client) => {
        await describeTask(client);
        done.push(performance.now() - started);
      }),
    );
    done.sort((x, y) => x - y);
    // Two requests fit the window, paced half a window apart; the third waits until the first one's window has passed.
    expect(done[1]).toBeGreaterThanOrEqual(450);
    expect(done[1]).toBeLessThan(900);
    expect(done[2]).toBeGreaterThanOrEqual(900);
    expect(a.rateLimits).toBe(b.rateLimits);
  });

  it("are the client's own when not given, so separate clients do not share a budget", () => {
    const a = new TrtcClient({ credentials: CREDENTIALS, endpoint: ORIGIN, maxRequestsPerSecond: 5 });
    const b = new TrtcClient({ credentials: CREDENTIALS, endpoint: ORIGIN, maxRequestsPerSecond: 5 });
    expect(a.rateLimits).not.toBe(b.rateLimits);
    expect(a.rateLimits.for("DescribeCloudRecording").limit).toBe(5);
  });
});
