// `npm run bench`: the client benchmark and the stack-scale benchmark, each against a peer measured in the same run.
import { runClientBench } from "./clientBench";
import { printTable } from "./report";

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
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
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
