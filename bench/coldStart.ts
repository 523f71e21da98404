// Cold start, in fresh processes: how long `require` of a module takes in a new Node process (resolved from the
// program dir, as the provider host resolves `__provider`), and a one-recording deployment's path from spawning the
// `@pulumi/pulumi` dynamic-provider host to its first create answered.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { nodeBinary } from "../pulumi-cli/paths";
import { startDynamicHost } from "../test/harness/dynamicHost";
import type { DesiredResource } from "../test/harness/engine";
import { startEmulatorProcess } from "./emulatorProcess";
import { median } from "./report";
import { PROJECT, providerConfig } from "./stackProgram";

const run = promisify(execFile);

// Prints the milliseconds one require took; `-e` code resolves modules from the working directory.
const REQUIRE_TIMER =
  "const t0 = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - t0));";

/** Median over `runs` fresh processes (after one unmeasured run, so every measured one finds a warm file cache). */
export async function requireMs(specifier: string, cwd: string, runs: number): Promise<number> {
  const once = async () => {
    const { stdout } = await run(nodeBinary(), ["-e", REQUIRE_TIMER, specifier], { cwd });
    return Number(stdout.trim());
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return median(times);
}

/** Milliseconds after spawning the host, medians over the runs. */
export interface FirstCreate {
  listening: number;
  configured: number;
  /** The first check loads the provider module (`__provider` is a require of the installed package). */
  checked: number;
  created: number;
}

/** `runs` fresh hosts, each configured and then asked to check and create one recording, as the engine would. */
export async function firstCreateMs(
  programDir: string,
  recording: DesiredResource,
  runs: number,
): Promise<FirstCreate> {
  const emulator = await startEmulatorProcess();
  const samples: FirstCreate[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const spawned = performance.now();
      const since = () => performance.now() - spawned;
      const host = await startDynamicHost({ cwd: programDir, project: PROJECT });
      try {
        const listening = since();
        await host.configure(providerConfig(emulator.url));
        const configured = since();
        const checked = await host.check(recording.type, recording.name, {}, recording.inputs);
        const checkedAt = since();
        const created = await host.create(recording.type, recording.name, checked.inputs);
        samples.push({ listening, configured, checked: checkedAt, created: since() });
        await host.delete(recording.type, recording.name, created.id, created.properties, checked.inputs);
      } finally {
        await host.close();
      }
    }
  } finally {
    await emulator.stop();
  }
  const of = (key: keyof FirstCreate) => median(samples.map((s) => s[key]));
  return { listening: of("listening"), configured: of("configured"), checked: of("checked"), created: of("created") };
}
