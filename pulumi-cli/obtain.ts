// Finds (or builds, the first time) the real Pulumi CLI through obtain.sh, once per process tree: the answer is
// handed to child processes in PULUMI_TRTC_CLI_DIR, which obtain.sh then takes as it is.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The directory holding the `pulumi` executable. Throws with obtain.sh's own explanation when there is none. */
export function pulumiCliDir(): string {
  const known = process.env.PULUMI_TRTC_CLI_DIR;
  if (known && existsSync(join(known, "pulumi"))) return known;
  let output: string;
  try {
    // stderr is inherited: a first build shows its progress.
    output = execFileSync("bash", [obtainScript()], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  } catch {
    throw new Error(
      "No Pulumi CLI: pulumi-cli/obtain.sh could not find or build one (its message is above). Install Pulumi and put it on PATH, or set PULUMI_TRTC_CLI_DIR.",
    );
  }
  const dir = output.trim().split("\n").at(-1) ?? "";
  process.env.PULUMI_TRTC_CLI_DIR = dir;
  return dir;
}

/** obtain.sh sits beside this module's source; compiled copies live two levels down in dist/. */
function obtainScript(): string {
  for (const candidate of [join(__dirname, "obtain.sh"), join(__dirname, "..", "..", "pulumi-cli", "obtain.sh")]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`pulumi-cli/obtain.sh not found near ${__dirname}`);
}
