// `npm run demo`: the top-level program (examples/quickstart) through `pulumi preview`, `up`, an in-place layout
// change, `refresh` and `destroy`, run by the real Pulumi CLI against a local TRTC emulator. The CLI comes from
// pulumi-cli/obtain.sh (built once from source into a per-user cache when there is none). The stack lives in a
// temporary local file backend; the program runs as an Automation API inline program, because the Node.js
// language host cannot be obtained here (same engine, same state). The demo leaves nothing behind.

import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { type Emulator, startEmulator } from "../emulator";
import { type LocalStack, loadProgram, openLocalStack, pulumiCliDir, type StackConfig } from "../pulumi-cli";
import { installPackageCopy } from "../pulumi-cli/installPackage";
import { repoRoot } from "../pulumi-cli/paths";
import { writeLayoutPictures } from "./layoutPicture";

const PROJECT = "trtc-quickstart";
const STACK = "demo";
const SECRET_ID = "AKIDdemo0000000000000000000000000";
const SECRET_KEY = "demo-api-secret-key";
const SDK_SECRET_KEY = "demo-sdk-secret-key";

type Operation = "preview" | "up" | "refresh" | "destroy";

interface Step {
  title: string;
  operation: Operation;
  /** Program config (`<project>:<key>`) set before the step. */
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
  { title: "pulumi refresh: read both tasks back", operation: "refresh" },
  { title: "pulumi destroy: stop both tasks", operation: "destroy" },
];

/** The stack config a user would set with `pulumi config set`: the provider pointed at the emulator. */
function initialConfig(emulator: Emulator): StackConfig {
  return {
    "trtc:endpoint": emulator.url,
    "trtc:secretId": SECRET_ID,
    "trtc:secretKey": { secret: SECRET_KEY },
    "trtc:region": "ap-singapore",
    "trtc:sdkAppId": "1400000000",
    "trtc:sdkSecretKey": { secret: SDK_SECRET_KEY },
    [`${PROJECT}:cosSecretId`]: { secret: "AKIDdemo-cos-key" },
    [`${PROJECT}:cosSecretKey`]: { secret: "demo-cos-secret" },
  };
}

async function setConfig(stack: Stack, config: StackConfig): Promise<void> {
  const values = Object.entries(config).map(([key, value]) => [
    key,
    typeof value === "string" ? { value } : { value: value.secret, secret: true },
  ]);
  await stack.setAllConfig(Object.fromEntries(values));
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

async function runStep(stack: Stack, step: Step): Promise<void> {
  // The CLI's own output, as `pulumi <operation>` prints it in a terminal.
  let printed = "";
  const onOutput = (text: string) => {
    printed = (printed + text).slice(-2);
    process.stdout.write(text);
  };
  try {
    await runOperation(stack, step.operation, onOutput);
  } catch (error) {
    // The Automation API's error repeats everything the CLI printed: say where to look instead, unless the CLI
    // printed nothing (it did not start).
    if (printed === "") throw error;
    throw new Error(`pulumi ${step.operation} failed: see the CLI's output above.`);
  } finally {
    // A blank line between the CLI's output and the emulator's view.
    if (printed !== "\n\n") process.stdout.write(printed.endsWith("\n") ? "\n" : "\n\n");
  }
}

async function runOperation(stack: Stack, operation: Operation, onOutput: (text: string) => void): Promise<void> {
  const color = process.stdout.isTTY ? "always" : "never";
  switch (operation) {
    case "preview":
      await stack.preview({ onOutput, color });
      return;
    case "up":
      await stack.up({ onOutput, color });
      return;
    case "refresh":
      await stack.refresh({ onOutput, color });
      return;
    case "destroy":
      await stack.destroy({ onOutput, color });
      return;
  }
}

async function main(): Promise<void> {
  const root = repoRoot();
  // obtain.sh answers at once when the CLI is cached; a first run builds it from source (minutes, progress shown).
  console.log(`Pulumi CLI: ${pulumiCliDir()} (from pulumi-cli/obtain.sh)`);
  const emulator = await startEmulator({ secretId: SECRET_ID, secretKey: SECRET_KEY, sdkSecretKey: SDK_SECRET_KEY });
  console.log(`TRTC emulator at ${emulator.url} (admin view: ${emulator.url}/_emulator/tasks)`);
  let installed: string | undefined;
  let local: LocalStack | undefined;
  try {
    // The top-level Pulumi.yaml runs from the repository root: the program and the provider host resolve
    // pulumi-trtc from its node_modules, where a real packed copy goes (as `npm install pulumi-trtc` puts it).
    installed = installPackageCopy(root);
    local = await openLocalStack({
      workDir: root,
      project: PROJECT,
      stack: STACK,
      program: loadProgram(join(root, "examples", "quickstart", "index.ts")),
    });
    console.log(`Stack ${PROJECT}/${STACK} in a temporary local backend (${local.backendDir}).`);
    await setConfig(local.stack, initialConfig(emulator));

    let ups = 0;
    for (const step of STEPS) {
      console.log(`\n▶ ${step.title}\n`);
      if (step.config) {
        const programConfig = Object.entries(step.config).map(([key, value]) => [`${PROJECT}:${key}`, value]);
        await setConfig(local.stack, Object.fromEntries(programConfig));
      }
      await runStep(local.stack, step);
      printEmulatorView(emulator);
      // A picture of each recording's mix layout as the stack now holds it (git-ignored).
      if (step.operation === "up") {
        ups += 1;
        writeLayoutPictures(await local.exportState(), join(root, ".trtc-demo", `layouts-after-up-${ups}`));
      }
    }

    const left = emulator.tasks().filter((t) => t.running);
    if (left.length > 0) throw new Error(`${left.length} task(s) still running after destroy`);
  } finally {
    if (local) console.log(`Removing the stack (pulumi stack rm ${STACK}) and its temporary backend.`);
    // Removes the stack, the Pulumi.demo.yaml it wrote into the repository root and the temporary backend.
    await local?.remove();
    await emulator.close();
    if (installed) rmSync(installed, { recursive: true, force: true });
  }
  console.log(
    "\nDone: every recording was started, changed in place, read back and stopped. Nothing is left running or behind.",
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
