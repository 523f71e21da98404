// `npm run demo` in the test suite: the compiled demo runs the top-level program's whole lifecycle against the
// emulator and leaves nothing running and nothing behind.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeBinary, repoRoot } from "../../pulumi-cli/paths";

describe("npm run demo", () => {
  it("previews, creates, changes the layout in place, refreshes and destroys", () => {
    const demo = spawnSync(nodeBinary(), [join(repoRoot(), "dist", "examples", "demo.js")], {
      cwd: repoRoot(),
      env: { ...process.env, TRTC_DEMO_RUNNER: "harness" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(demo.stderr).toBe("");
    expect(demo.status).toBe(0);
    const out = demo.stdout;
    expect(out).toContain("running the same lifecycle through the real @pulumi/pulumi dynamic-provider host");
    const taskIds = [...out.matchAll(/^ {2}create {3}classroom {2}\((.+)\)$/gm)].map((m) => m[1]);
    expect(taskIds).toHaveLength(1);
    // The layout change is an update of the same task, not a new one.
    expect(out).toContain(`  update   classroom  (${taskIds[0]})`);
    expect(out).toMatch(/layout mode 3\)[\s\S]*layout mode 1\)/);
    expect(out).toContain("  delete   classroom");
    expect(out).toContain("  delete   whiteboard");
    expect(out).toMatch(/emulator: 0 task\(s\) running\n\nDone: /);
    expect(existsSync(join(repoRoot(), "node_modules", "pulumi-trtc"))).toBe(false);
  });
});
