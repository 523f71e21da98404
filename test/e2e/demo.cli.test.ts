// `npm run demo` in the test suite: the compiled demo runs the top-level program's whole lifecycle through the real
// Pulumi CLI against the emulator, prints what the CLI prints, and leaves nothing running and nothing behind.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeBinary, repoRoot } from "../../pulumi-cli/paths";

describe("npm run demo", { timeout: 300_000 }, () => {
  it("previews, creates, changes the layout in place, refreshes and destroys through the real CLI", () => {
    const demo = spawnSync(nodeBinary(), [join(repoRoot(), "dist", "examples", "demo.js")], {
      cwd: repoRoot(),
      encoding: "utf8",
      timeout: 240_000,
    });
    expect(demo.stderr).toBe("");
    expect(demo.status).toBe(0);
    const out = demo.stdout;

    // The CLI's own words, step by step.
    const steps = out.split("\n▶ ");
    expect(steps).toHaveLength(6);
    const [, preview = "", up = "", change = "", refresh = "", destroy = ""] = steps;
    expect(preview).toContain("Previewing update (demo):");
    expect(preview).toContain("+  pulumi-nodejs:dynamic/trtc:CloudRecording classroom create");
    expect(preview).toMatch(/Resources:\n\s+\+ 3 to create/);
    expect(preview).toContain("emulator: 0 task(s) running");

    expect(up).toContain("Updating (demo):");
    expect(up).toMatch(/Resources:\n\s+\+ 3 created/);
    const taskIds = [...up.matchAll(/^ {4}cloud (\S+) {2}InProgress {2}\(.*layout mode 3\)$/gm)].map((m) => m[1]);
    expect(taskIds).toHaveLength(1);
    expect(up).toMatch(/^ {4}web {3}\S+ {2}InProgress/m);

    // The layout change is an update in place of the same task, not a new one.
    expect(change).toContain("~  pulumi-nodejs:dynamic/trtc:CloudRecording classroom updated");
    expect(change).toContain("[diff: ~mixLayoutParams]");
    expect(change).toMatch(/Resources:\n\s+~ 1 updated\n\s+2 unchanged/);
    expect(change).toContain(`    cloud ${taskIds[0]}  InProgress`);
    expect(change).toMatch(/layout mode 1\)$/m);

    expect(refresh).toContain("Refreshing (demo):");
    expect(refresh).toMatch(/Resources:\n\s+3 unchanged/);
    expect(refresh).toContain("emulator: 2 task(s) running");

    expect(destroy).toContain("Destroying (demo):");
    expect(destroy).toMatch(/Resources:\n\s+- 3 deleted/);
    expect(destroy).toMatch(/emulator: 0 task\(s\) running\n/);
    expect(destroy).toContain("\nDone: ");

    // Nothing behind: the installed package copy, the stack's config file and the temporary backend are gone.
    expect(existsSync(join(repoRoot(), "node_modules", "pulumi-trtc"))).toBe(false);
    expect(existsSync(join(repoRoot(), "Pulumi.demo.yaml"))).toBe(false);
    const backend = /temporary local backend \((.+)\)\./.exec(out)?.[1];
    expect(backend).toBeDefined();
    expect(existsSync(backend as string)).toBe(false);
  });
});
