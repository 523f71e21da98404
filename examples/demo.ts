// `npm run demo`: the top-level program (examples/quickstart) through preview, up, an in-place layout change,
// refresh and destroy, against a local TRTC emulator. With the Pulumi CLI on PATH it runs the real `pulumi` against
// a temporary local file backend; without it, the same lifecycle runs through the real @pulumi/pulumi
// dynamic-provider host, driven over gRPC by this repository's engine-protocol runner.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { type Emulator, startEmulator } from "../emulator";
import { installPackageCopy } from "../pulumi-cli/installPackage";
import { repoRoot } from "../pulumi-cli/paths";
import type { ConfigValue, RunResult } from "../test/harness/runRequest";
import { secret, UNKNOWN } from "../test/harness/secrets";
import { destroy, preview, refresh, up } from "../test/harness/stack";
import { emulatorStackConfig } from "../test/harness/trtcConfig";

const PROJECT = "trtc-quickstart";
const STACK = "demo";
const CREDENTIALS = { secretId: "AKIDdemo0000000000000000000000000", secretKey: "demo-api-secret-key" };
const SDK_SECRET_KEY = "demo-sdk-secret-key";

type Operation = "preview" | "up" | "refresh" | "destroy";

interface Step {
  title: string;
  operation: Operation;
  config?: Record<string, string>;
}

const STEPS: Step[] = [
  { title: "pulumi preview: what would be created (no API call)", operation: "preview" },
  { title: "pulumi up: start the room recording and the web-page recording", operation: "up" },
  {
    title: "pulumi up with layoutMode 1: the layout changes in place (ModifyCloudRecording), same TaskId",
    operation: "up",
    config: { layoutMode: "1" },
  },
  { title: "pulumi refresh: read both tasks back", operation: "refresh", config: { layoutMode: "1" } },
  { title: "pulumi destroy: stop both tasks", operation: "destroy", config: { layoutMode: "1" } },
];

function stackConfig(emulator: Emulator, extra: Record<string, string> = {}): Record<string, ConfigValue> {
  const config: Record<string, ConfigValue> = {
    ...emulatorStackConfig({ url: emulator.url, ...CREDENTIALS, sdkSecretKey: SDK_SECRET_KEY }),
    [`${PROJECT}:cosSecretId`]: secret("AKIDdemo-cos-key"),
    [`${PROJECT}:cosSecretKey`]: secret("demo-cos-secret"),
  };
  for (const [key, value] of Object.entries(extra)) config[`${PROJECT}:${key}`] = value;
  return config;
}

function printEmulatorView(emulator: Emulator): void {
  const running = emulator.tasks().filter((t) => t.running);
  console.log(`  emulator: ${running.length} task(s) running`);
  for (const task of running) {
    const layout = (task.request.MixLayoutParams as { MixLayoutMode?: number } | undefined)?.MixLayoutMode;
    const what =
      task.kind === "cloud"
        ? `room ${task.roomId}, robot ${task.userId}, layout mode ${layout}`
        : `RecordId ${task.recordId}`;
    console.log(`    ${task.kind.padEnd(5)} ${task.taskId}  ${task.status}  (${what})`);
  }
}

function printOutputs(outputs: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(outputs)) {
    console.log(`  output ${name} = ${value === UNKNOWN ? "(known after up)" : JSON.stringify(value)}`);
  }
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, command);
    if (spawnSync(candidate, ["version"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return undefined;
}

/** The lifecycle through the engine-protocol runner and the real dynamic-provider host. */
async function runWithHarness(emulator: Emulator, workDir: string): Promise<void> {
  const operations = { preview, up, refresh, destroy };
  const stateFile = join(workDir, "state.json");
  for (const step of STEPS) {
    console.log(`\n▶ ${step.title}`);
    const result: RunResult = await operations[step.operation]({
      programDir: repoRoot(),
      stateFile,
      project: PROJECT,
      stack: STACK,
      config: stackConfig(emulator, step.config),
    });
    if (!result.ok) throw new Error(`${step.operation} failed:\n${result.errors.join("\n")}`);
    for (const s of result.steps.filter((x) => x.urn.includes("dynamic"))) {
      console.log(`  ${s.op.padEnd(8)} ${s.urn.split("::").at(-1)}${s.id ? `  (${s.id})` : ""}`);
    }
    if (step.operation !== "destroy") printOutputs(result.outputs);
    printEmulatorView(emulator);
  }
}

/** The same lifecycle with the real Pulumi CLI and a throwaway local backend. */
function runWithCli(pulumi: string, emulator: Emulator, workDir: string): void {
  const configFile = join(workDir, `Pulumi.${STACK}.yaml`);
  writeFileSync(configFile, "");
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${join(workDir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: "demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  const run = (args: string[]) =>
    execFileSync(pulumi, [...args, "--non-interactive"], { cwd: repoRoot(), env, stdio: "inherit" });
  run(["stack", "init", STACK]);
  try {
    const setConfig = (extra: Record<string, string> = {}) => {
      for (const [key, value] of Object.entries(stackConfig(emulator, extra))) {
        const isSecret = typeof value !== "string";
        run([
          "config",
          "set",
          "--stack",
          STACK,
          "--config-file",
          configFile,
          ...(isSecret ? ["--secret"] : []),
          key,
          isSecret ? String(value.value) : value,
        ]);
      }
    };
    setConfig();
    for (const step of STEPS) {
      console.log(`\n▶ ${step.title}`);
      if (step.config) setConfig(step.config);
      const yes = step.operation === "preview" ? [] : ["--yes"];
      run([step.operation, "--stack", STACK, "--config-file", configFile, ...yes]);
      printEmulatorView(emulator);
    }
  } finally {
    run(["stack", "rm", STACK, "--yes", "--force"]);
  }
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ ...CREDENTIALS, sdkSecretKey: SDK_SECRET_KEY });
  const workDir = mkdtempSync(join(tmpdir(), "trtc-demo-"));
  // The top-level Pulumi.yaml runs from the repository root: the provider host resolves the package from there.
  const installed = installPackageCopy(repoRoot());
  console.log(`TRTC emulator at ${emulator.url} (admin view: ${emulator.url}/_emulator/tasks)`);
  try {
    // TRTC_DEMO_RUNNER=harness forces the CLI-less path (the test suite uses it).
    const pulumi = process.env.TRTC_DEMO_RUNNER === "harness" ? undefined : onPath("pulumi");
    if (pulumi) {
      console.log(`Using the Pulumi CLI (${pulumi}) with a temporary local backend.`);
      runWithCli(pulumi, emulator, workDir);
    } else {
      console.log(
        "No Pulumi CLI on PATH: running the same lifecycle through the real @pulumi/pulumi dynamic-provider host,\ndriven over gRPC by the engine-protocol runner the tests use.",
      );
      await runWithHarness(emulator, workDir);
    }
    const left = emulator.tasks().filter((t) => t.running);
    if (left.length > 0) throw new Error(`${left.length} task(s) still running after destroy`);
    console.log(
      "\nDone: every recording was started, changed in place, read back and stopped. Nothing is left running.",
    );
  } finally {
    await emulator.close();
    rmSync(workDir, { recursive: true, force: true });
    rmSync(installed, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
