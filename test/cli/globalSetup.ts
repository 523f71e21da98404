// Finds or builds the real Pulumi CLI once, before any test file runs: its directory reaches the test processes
// through PULUMI_TRTC_CLI_DIR. Tests never skip for a missing CLI; without one (and without Go to build it) the
// whole run fails here with obtain.sh's explanation.

import { pulumiCliDir } from "../../pulumi-cli";

export default function setup(): void {
  pulumiCliDir();
}
