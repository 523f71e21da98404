// The `trtc-emulator` command as users run it: the built dist/emulator/cli.js in its own process.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleCallback, type TrtcCallbackEvent } from "../../provider/callbacks";
import { CREDENTIALS, call, cloudBody, SDK_APP_ID, webBody } from "./helpers";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "emulator", "cli.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(CLI).mtimeMs;
  } catch {
    return 0;
  }
}

// `npm test` builds first; a direct `vitest run` may find no build or an old one.
beforeAll(() => {
  const sources = Math.max(newestSource(join(ROOT, "emulator")), newestSource(join(ROOT, "provider")));
  if (builtAt() >= sources) return;
  // tsc still emits when files elsewhere in the project have type errors; only a missing CLI is fatal here.
  spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: "ignore",
  });
  expect(builtAt()).toBeGreaterThan(0);
}, 120_000);

const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
  }
});

function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return child;
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  return line;
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

describe("trtc-emulator", () => {
  it("prints its base URL first, serves the API and the admin routes, and exits 0 on SIGTERM", async () => {
    const child = run([
      "--port",
      "0",
      "--site",
      "china",
      "--secret-id",
      CREDENTIALS.secretId,
      "--secret-key",
      CREDENTIALS.secretKey,
      "--rate-limit",
      "off",
      "--max-concurrent-tasks",
      "1",
    ]);
    const url = await firstLine(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(url, "CreateCloudRecording", cloudBody(), { region: "ap-beijing" })).code).toBe("OK");
    const full = await call(url, "CreateCloudRecording", cloudBody({ UserId: "other" }), { region: "ap-beijing" });
    expect(full.code).toBe("FailedOperation.RestrictedConcurrency");
    const tasks = (await (await fetch(`${url}/_emulator/tasks`)).json()) as { tasks: unknown[] };
    expect(tasks.tasks).toHaveLength(1);
    const exited = exitOf(child);
    child.kill("SIGTERM");
    expect((await exited).code).toBe(0);
  });

  it("exits 0 on SIGINT", async () => {
    const child = run(["--secret-id", "id", "--secret-key", "key"]);
    await firstLine(child);
    const exited = exitOf(child);
    child.kill("SIGINT");
    expect((await exited).code).toBe(0);
  });

  it("refuses to start without credentials or with a bad option, with usage on stderr", async () => {
    const noKey = await exitOf(run(["--secret-id", "id"]));
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("--secret-key");
    expect(noKey.stderr).toContain("Usage:");
    const badSite = await exitOf(run(["--secret-id", "id", "--secret-key", "key", "--site", "mars"]));
    expect(badSite.code).toBe(2);
    const badLimit = await exitOf(run(["--secret-id", "id", "--secret-key", "key", "--rate-limit", "fast"]));
    expect(badLimit.code).toBe(2);
    const unknown = await exitOf(run(["--secret-id", "id", "--secret-key", "key", "--verbose"]));
    expect(unknown.code).toBe(2);
  });

  it("takes the assumption switches and the account's SdkAppIds as flags", async () => {
    const child = run([
      ...["--secret-id", CREDENTIALS.secretId, "--secret-key", CREDENTIALS.secretKey, "--rate-limit", "off"],
      ...["--web-max-duration", "36000", "--record-id-reuse", "never", "--ended-task-error", "FailedOperation"],
      ...["--expired-task-error", "ResourceNotFound", "--exited-seconds", "5", "--modify-omitted", "clear"],
      ...["--web-concurrency", "separate", "--sdk-app-ids", `${SDK_APP_ID}, 1400000001`],
    ]);
    const url = await firstLine(child);
    const tooLong = await call(url, "StartWebRecord", webBody({ MaxDurationLimit: 36001 }));
    expect(tooLong.code).toBe("InvalidParameterValue");
    const foreign = await call(url, "StartWebRecord", webBody({ SdkAppId: 1400000002 }));
    expect(foreign.code).toBe("FailedOperation.SdkAppIdNotUnderAppId");
    const bad = await exitOf(run(["--secret-id", "id", "--secret-key", "key", "--web-concurrency", "both"]));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("webConcurrency must be one of shared, separate");
  });

  it("sends signed callbacks with --callback-url and --callback-key; refuses one without the other or a non-http URL", async () => {
    const key = "CliCallbackKey0123456789";
    const events: TrtcCallbackEvent[] = [];
    const rejected: string[] = [];
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const result = handleCallback(Buffer.concat(chunks), request.headers, key);
        if (result.ok) events.push(result.event);
        else rejected.push(result.reason);
        response.writeHead(result.ok ? 200 : result.status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks?token=secret-token`;
    try {
      const child = run([
        ...["--secret-id", CREDENTIALS.secretId, "--secret-key", CREDENTIALS.secretKey, "--rate-limit", "off"],
        ...["--callback-url", callbackUrl, "--callback-key", key],
      ]);
      let stderr = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const url = await firstLine(child);
      const created = await call(url, "StartWebRecord", webBody());
      expect(created.code).toBe("OK");
      const deadline = Date.now() + 10_000;
      while (events.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(rejected).toEqual([]);
      expect(events.map((e) => [e.eventType, "taskId" in e ? e.taskId : null])).toEqual([
        [801, created.response.TaskId],
      ]);
      const admin = (await (await fetch(`${url}/_emulator/callbacks`)).json()) as { deliveries: unknown[] };
      expect(admin.deliveries).toHaveLength(1);
      // The startup line names where callbacks go, without the query string (it may hold a token) or the key.
      expect(stderr).toContain(
        `signed callbacks to http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
      );
      expect(stderr).not.toContain("secret-token");
      expect(stderr).not.toContain(key);
      const exited = exitOf(child);
      child.kill("SIGTERM");
      expect((await exited).code).toBe(0);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
    const base = ["--secret-id", "id", "--secret-key", "key"];
    const urlOnly = await exitOf(run([...base, "--callback-url", "http://127.0.0.1:9/x"]));
    expect(urlOnly.code).toBe(2);
    expect(urlOnly.stderr).toContain("--callback-url and --callback-key go together");
    const keyOnly = await exitOf(run([...base, "--callback-key", "k"]));
    expect(keyOnly.code).toBe(2);
    const ftp = await exitOf(run([...base, "--callback-url", "ftp://127.0.0.1/x", "--callback-key", "k"]));
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toContain("callbackUrl must be an http or https URL");
  });

  it("prints help", async () => {
    const help = await exitOf(run(["--help"]));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--max-concurrent-tasks");
    expect(help.stdout).toContain("--ended-task-error");
    expect(help.stdout).toContain("--callback-url");
  });
});
