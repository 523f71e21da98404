// `npm run bench`: the client benchmark and the stack-scale benchmark (through the real Pulumi CLI), each against a
// peer measured in the same run.
//   --only=client|stack   run one of them
//   --quick               a short version: a smaller client run, one stack of N=20 at the default --parallel
//   --sizes=100,500       stack sizes (also TRTC_BENCH_SIZES); each even, half cloud and half web
//   --parallel=default,64 `pulumi --parallel` values to run each size with (also TRTC_BENCH_PARALLEL)
//   --no-checkpoints=default  --parallel values to run the largest size with again under PULUMI_SKIP_CHECKPOINTS=true
//                         (also TRTC_BENCH_NO_CHECKPOINTS; empty for none): how much the file backend's per-step
//                         state writes cost
import { runClientBench } from "./clientBench";
import { printGrid, printTable } from "./report";
import { runStackBench } from "./stackBench";

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
  if (only !== undefined && only !== "client" && only !== "stack") throw new Error(`--only=client|stack, not ${only}`);
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
    const sections = await runStackBench({
      sizes: list(option("sizes", "TRTC_BENCH_SIZES") ?? (quick ? "20" : "100,500"), size),
      parallels: list(option("parallel", "TRTC_BENCH_PARALLEL") ?? (quick ? "default" : "default,64"), parallelism),
      noCheckpointParallels: list(
        option("no-checkpoints", "TRTC_BENCH_NO_CHECKPOINTS") ?? (quick ? "" : "default"),
        parallelism,
      ),
      coldStartRuns: quick ? 1 : 3,
    });
    for (const section of sections) {
      printGrid(section.title, section.header, section.rows);
      for (const line of section.legend) console.log(line);
      for (const warning of section.warnings) console.log(`! ${warning}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
