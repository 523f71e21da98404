// `npm run bench`: the client benchmark and the stack-scale benchmark, each against a peer measured in the same run.
// `--only=client|stack` runs one of them; `--quick` runs a short version (N = 100 only for the stack).
import { runClientBench } from "./clientBench";
import { printTable } from "./report";
import { runStackBench } from "./stackBench";

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
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
    const tables = await runStackBench({ sizes: quick ? [100] : [100, 500], coldStartRuns: quick ? 1 : 5 });
    for (const table of tables) {
      printTable(table.title, table.peerName, table.rows);
      for (const line of table.legend) console.log(line);
      for (const warning of table.warnings) console.log(`! ${warning}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
