#!/usr/bin/env node
// `trtc-emulator`: runs the emulator until SIGINT/SIGTERM. The first line on stdout is the base URL, so scripts can
// start it with --port 0 and read where it listens.

import { parseArgs } from "node:util";
import { DEFAULT_RATE_LIMIT, type EmulatorOptions } from "./options";
import { startEmulator } from "./start";

const USAGE = `Usage: trtc-emulator --secret-id ID --secret-key KEY [options]

A local Tencent Cloud TRTC recording API (CreateCloudRecording, ..., StopWebRecord) with TC3 signature checks.

Options:
  --port N                  port to listen on, 0 for a free one (default 0)
  --host HOST               interface to listen on (default 127.0.0.1)
  --site intl|china         which site's regions and fields to emulate (default intl)
  --secret-id ID            the API SecretId clients must sign with (required)
  --secret-key KEY          the API SecretKey clients must sign with (required)
  --sdk-secret-key KEY      the TRTC application's SDKSecretKey: record whether each task's UserSig verifies
  --max-concurrent-tasks N  running tasks (cloud and web) beyond which starts are refused (default 100)
  --rate-limit N|off        requests per second per action (default 20)
  --realtime                the virtual clock also advances with wall time
  --latency-ms N            round-trip latency added to every API request (default 0)
  --latency-jitter F        its relative spread, 0-1 (default 0.2)
  --sdk-app-ids A,B         the account's SdkAppIds; others are refused (default: any)
  --callback-url URL        POST signed recording callbacks (events 301-312, 801-804) to this http(s) URL
  --callback-key KEY        the callback key they are signed with (both or neither)

Behaviours no source settles (README "Assumptions"):
  --web-max-duration 86400|36000     StartWebRecord MaxDurationLimit bound and default (default 86400)
  --ended-task-error CODE            Describe/Modify/DeleteCloudRecording on an ended task (default ResourceNotFound)
  --expired-task-error CODE          the same past ResourceExpiredHour (default ResourceNotFound)
  --exited-seconds N                 DescribeCloudRecording answers Exited for N s after a task ends (default 0)
  --record-id-reuse after-end|never  a RecordId is free again once its task ends, or never (default after-end)
  --modify-omitted keep|clear        ModifyCloudRecording keeps or clears an object it is not given (default keep)
  --web-concurrency shared|separate  web recordings share the concurrency limit with cloud ones, or have their own
                                     (default shared)
  --help                    show this help
`;

class UsageError extends Error {}

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number, got "${text}"`);
  return Number(text);
}

function parseOptions(argv: string[]): EmulatorOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      site: { type: "string" },
      "secret-id": { type: "string" },
      "secret-key": { type: "string" },
      "sdk-secret-key": { type: "string" },
      "max-concurrent-tasks": { type: "string" },
      "rate-limit": { type: "string" },
      realtime: { type: "boolean" },
      "latency-ms": { type: "string" },
      "latency-jitter": { type: "string" },
      "sdk-app-ids": { type: "string" },
      "callback-url": { type: "string" },
      "callback-key": { type: "string" },
      "web-max-duration": { type: "string" },
      "ended-task-error": { type: "string" },
      "expired-task-error": { type: "string" },
      "exited-seconds": { type: "string" },
      "record-id-reuse": { type: "string" },
      "modify-omitted": { type: "string" },
      "web-concurrency": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  const secretId = values["secret-id"];
  const secretKey = values["secret-key"];
  if (!secretId || !secretKey) throw new UsageError("--secret-id and --secret-key are required");
  const site = values.site ?? "intl";
  if (site !== "intl" && site !== "china") throw new UsageError(`--site must be intl or china, got "${site}"`);
  const callbackUrl = values["callback-url"];
  const callbackKey = values["callback-key"];
  if ((callbackUrl === undefined) !== (callbackKey === undefined)) {
    throw new UsageError("--callback-url and --callback-key go together: give both, or neither for no callbacks");
  }
  const rateLimitText = values["rate-limit"];
  return {
    port: integer("port", values.port) ?? 0,
    host: values.host ?? "127.0.0.1",
    site,
    secretId,
    secretKey,
    sdkSecretKey: values["sdk-secret-key"],
    maxConcurrentTasks: integer("max-concurrent-tasks", values["max-concurrent-tasks"]),
    rateLimit: rateLimitText === "off" ? false : integer("rate-limit", rateLimitText),
    realtime: values.realtime ?? false,
    latencyMs: integer("latency-ms", values["latency-ms"]),
    latencyJitter: values["latency-jitter"] === undefined ? undefined : Number(values["latency-jitter"]),
    sdkAppIds: values["sdk-app-ids"]?.split(",").map((id) => integer("sdk-app-ids", id.trim()) ?? 0),
    callbackUrl,
    callbackKey,
    webMaxDurationSeconds: integer("web-max-duration", values["web-max-duration"]) as 86400 | 36000 | undefined,
    endedTaskError: values["ended-task-error"],
    expiredTaskError: values["expired-task-error"],
    exitedSeconds: integer("exited-seconds", values["exited-seconds"]),
    recordIdReuse: values["record-id-reuse"] as EmulatorOptions["recordIdReuse"],
    modifyOmitted: values["modify-omitted"] as EmulatorOptions["modifyOmitted"],
    webConcurrency: values["web-concurrency"] as EmulatorOptions["webConcurrency"],
  };
}

async function main(): Promise<void> {
  let options: EmulatorOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`trtc-emulator: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (!options) {
    process.stdout.write(USAGE);
    return;
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    // resolveSettings refuses a bad value (an unknown assumption choice, ...) with a TypeError: a usage error.
    if (!(error instanceof TypeError)) throw error;
    process.stderr.write(`trtc-emulator: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  // Before the URL is printed: whoever reads it may signal at once.
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.stdout.write(`${emulator.url}\n`);
  const limit =
    options.rateLimit === false ? "no rate limit" : `${options.rateLimit ?? DEFAULT_RATE_LIMIT} requests/s per action`;
  // The callback URL's origin and path only: a query string may carry a token.
  const target = options.callbackUrl && new URL(options.callbackUrl);
  const callbacks = target ? `, signed callbacks to ${target.origin}${target.pathname}` : "";
  process.stderr.write(
    `trtc-emulator: ${options.site} site, ${limit}${callbacks}, admin interface at ${emulator.url}/_emulator/tasks\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`trtc-emulator: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
