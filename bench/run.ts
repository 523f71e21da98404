// `npm run bench`: the client benchmark, the stack-scale benchmark and several stacks sharing one account (both
// through the real Pulumi CLI), each against a peer measured in the same run.
//   --only=client|stack|stacks  run one of them
//   --quick               a short version: a smaller client run, one stack of N=20 at the default --parallel and no
//                         latency, two stacks of N=20 at once
//   --sizes=100,500       stack sizes (also TRTC_BENCH_SIZES); each even, half cloud and half web
//   --parallel=default,64 `pulumi --parallel` values to run each size with (also TRTC_BENCH_PARALLEL)
//   --latency=0,150       emulator round-trip latencies, ms, to run each size and --parallel at (also
//                         TRTC_BENCH_LATENCY)
//   --no-checkpoints=default  --parallel values to run the largest size with again under PULUMI_SKIP_CHECKPOINTS=true
//                         (also TRTC_BENCH_NO_CHECKPOINTS; empty for none): how much the file backend's per-step
//                         state writes cost
//   --no-rate-limit=default  --parallel values to run the largest size with again with no rate limit (neither the
//                         emulator's nor the client's; also TRTC_BENCH_NO_RATE_LIMIT; empty for none): the engine's own
//                         floor, what the CLI and the provider need when the API is not the bound
//   --describe-cost=on|off  also measure what create's Describe after the start costs each up (client-level runs
//                         with and without it; also TRTC_BENCH_DESCRIBE_COST)
//   --cold-start=3        fresh-process and first-create rounds behind the cold-start figures, 0 to skip them
//                         (also TRTC_BENCH_COLD_START)
//   --stacks=4,8          numbers of stacks to run at once against one emulator, empty for none (also
//                         TRTC_BENCH_STACKS)
//   --stack-size=100      recordings per stack in those runs (also TRTC_BENCH_STACK_SIZE)
//   --stacks-parallel=default  their `pulumi --parallel` (also TRTC_BENCH_STACKS_PARALLEL)
//   --stacks-latency=0    their emulator latency, ms (also TRTC_BENCH_STACKS_LATENCY)
//   --stacks-peer=on|off  the naive SDK script with all K×N tasks at once (also TRTC_BENCH_STACKS_PEER)
//   --stacks-engine-floor=on|off  the largest group again with no rate limit anywhere: the CLIs' own floor on this
//                         machine (also TRTC_BENCH_STACKS_ENGINE_FLOOR)
//   --stacks-clients=on|off  the same requests from K provider clients in this process, without the CLI (also
//                         TRTC_BENCH_STACKS_CLIENTS)
import { runClientBench } from "./clientBench";
import { runMultiStackBench } from "./multiStack";
import { printGrid, printTable } from "./report";
import { defaultParallel, runStackBench, type Section } from "./stackBench";

function option(name: string, env: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? process.env[env];
}

function list<T>(text: string, parse: (item: string) => T): T[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map(parse);
}

function size(item: string): number {
  const n = Number(item);
  if (!Number.isSafeInteger(n) || n <= 0 || n % 2 !== 0)
    throw new Error(`stack sizes are even positive numbers, not ${item}`);
  return n;
}

function latency(item: string): number {
  const ms = Number(item);
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 60_000) throw new Error(`latencies are 0–60000 ms, not ${item}`);
  return ms;
}

function count(item: string): number {
  const k = Number(item);
  if (!Number.isSafeInteger(k) || k <= 0) throw new Error(`numbers of stacks are positive, not ${item}`);
  return k;
}

function onOff(text: string): boolean {
  if (text !== "on" && text !== "off") throw new Error(`on or off, not ${text}`);
  return text === "on";
}

function printSections(sections: Section[]): void {
  for (const section of sections) {
    printGrid(section.title, section.header, section.rows);
    for (const line of section.legend) console.log(line);
    for (const warning of section.warnings) console.log(`! ${warning}`);
  }
}

function parallelism(item: string): number | undefined {
  if (item === "default") return undefined;
  const p = Number(item);
  if (!Number.isSafeInteger(p) || p <= 0)
    throw new Error(`--parallel values are positive numbers or "default", not ${item}`);
  return p;
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const only = option("only", "TRTC_BENCH_ONLY");
  if (only !== undefined && only !== "client" && only !== "stack" && only !== "stacks") {
    throw new Error(`--only=client|stack|stacks, not ${only}`);
  }
  if (!only || only === "client") {
    const rows = await runClientBench({
      calls: quick ? 1000 : 4000,
      concurrency: 32,
      rounds: quick ? 1 : 3,
      limitedCalls: quick ? 60 : 200,
    });
    printTable(
      "Client: pulumi-trtc TrtcClient vs tencentcloud-sdk-nodejs (TRTC v20190722), same emulator",
      "official SDK",
      rows,
    );
  }
  if (!only || only === "stack") {
    const coldStart = Number(option("cold-start", "TRTC_BENCH_COLD_START") ?? (quick ? 1 : 3));
    if (!Number.isSafeInteger(coldStart) || coldStart < 0) throw new Error(`--cold-start=N runs, not ${coldStart}`);
    const sections = await runStackBench({
      sizes: list(option("sizes", "TRTC_BENCH_SIZES") ?? (quick ? "20" : "100,500"), size),
      parallels: list(option("parallel", "TRTC_BENCH_PARALLEL") ?? (quick ? "default" : "default,64"), parallelism),
      latencies: list(option("latency", "TRTC_BENCH_LATENCY") ?? (quick ? "0" : "0,150"), latency),
      noCheckpointParallels: list(
        option("no-checkpoints", "TRTC_BENCH_NO_CHECKPOINTS") ?? (quick ? "" : "default"),
        parallelism,
      ),
      noRateLimitParallels: list(
        option("no-rate-limit", "TRTC_BENCH_NO_RATE_LIMIT") ?? (quick ? "" : "default"),
        parallelism,
      ),
      coldStartRuns: coldStart,
      describeCost: onOff(option("describe-cost", "TRTC_BENCH_DESCRIBE_COST") ?? (quick ? "off" : "on")),
    });
    printSections(sections);
  }
  if (!only || only === "stacks") {
    const counts = list(option("stacks", "TRTC_BENCH_STACKS") ?? (quick ? "2" : "4,8"), count);
    if (counts.length > 0) {
      const parallelText = option("stacks-parallel", "TRTC_BENCH_STACKS_PARALLEL") ?? "default";
      const [latencyMs = 0] = list(option("stacks-latency", "TRTC_BENCH_STACKS_LATENCY") ?? "0", latency);
      printSections(
        await runMultiStackBench({
          counts,
          n: size(option("stack-size", "TRTC_BENCH_STACK_SIZE") ?? (quick ? "20" : "100")),
          parallel: parallelism(parallelText),
          defaultParallel: Number(defaultParallel()),
          latencyMs,
          peer: onOff(option("stacks-peer", "TRTC_BENCH_STACKS_PEER") ?? (quick ? "off" : "on")),
          clients: onOff(option("stacks-clients", "TRTC_BENCH_STACKS_CLIENTS") ?? "on"),
          engineFloor: onOff(option("stacks-engine-floor", "TRTC_BENCH_STACKS_ENGINE_FLOOR") ?? (quick ? "off" : "on")),
        }),
      );
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
