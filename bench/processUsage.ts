// Peak memory of the processes an operation starts, read from /proc while it runs: the dynamic-provider host
// (`node .../@pulumi/pulumi/cmd/dynamic-provider`, started by the CLI through the pulumi-resource-pulumi-nodejs
// launcher) and the `pulumi` CLI itself. Only descendants of this process count, so other Pulumi runs on the
// machine never leak in. VmHWM is each process's own high-water mark, so sampling only has to see it alive.

import { readdirSync, readFileSync } from "node:fs";

export interface ProcessPeaks {
  /** Highest VmHWM among the provider hosts seen, KiB (NaN without /proc). */
  hostPeakKb: number;
  /** Provider host processes seen during the watch. */
  hosts: number;
  /** Highest VmHWM of the `pulumi` CLI processes seen, KiB. */
  cliPeakKb: number;
}

export interface MemoryWatch {
  stop(): ProcessPeaks;
}

const HOST_SCRIPT = /[/\\]cmd[/\\]dynamic-provider([/\\]index\.js)?$/;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** pid → parent pid of every process visible in /proc. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    // The command name (field 2) is in parentheses and may hold spaces: fields after the last ')' are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    map.set(Number(entry), ppid);
  }
  return map;
}

function descendantsOf(root: number, parentOf: Map<number, number>): number[] {
  const found: number[] = [];
  for (const pid of parentOf.keys()) {
    let up = parentOf.get(pid);
    for (let depth = 0; up !== undefined && up > 1 && depth < 32; depth++) {
      if (up === root) {
        found.push(pid);
        break;
      }
      up = parentOf.get(up);
    }
  }
  return found;
}

function highWaterKb(pid: number): number | undefined {
  const match = read(`/proc/${pid}/status`)?.match(/^VmHWM:\s+(\d+) kB/m);
  return match ? Number(match[1]) : undefined;
}

/** Samples every `intervalMs` until `stop()`, which takes one last sample. */
export function watchProcessMemory(intervalMs = 250): MemoryWatch {
  const hostPeaks = new Map<number, number>();
  let cliPeakKb = 0;
  let available = true;
  const sample = () => {
    if (!available) return;
    let parentOf: Map<number, number>;
    try {
      parentOf = parents();
    } catch {
      available = false; // no /proc (not Linux)
      return;
    }
    for (const pid of descendantsOf(process.pid, parentOf)) {
      const argv = read(`/proc/${pid}/cmdline`)?.split("\0") ?? [];
      // `node -e "require.resolve('.../cmd/dynamic-provider')"` (the launcher's lookup) is not the host.
      const isHost = argv[1] !== "-e" && argv.some((arg) => HOST_SCRIPT.test(arg));
      const isCli = /(^|[/\\])pulumi$/.test(argv[0] ?? "");
      if (!isHost && !isCli) continue;
      const kb = highWaterKb(pid);
      if (kb === undefined) continue;
      if (isHost) hostPeaks.set(pid, Math.max(hostPeaks.get(pid) ?? 0, kb));
      else cliPeakKb = Math.max(cliPeakKb, kb);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      if (!available) return { hostPeakKb: Number.NaN, hosts: 0, cliPeakKb: Number.NaN };
      return {
        hostPeakKb: hostPeaks.size > 0 ? Math.max(...hostPeaks.values()) : Number.NaN,
        hosts: hostPeaks.size,
        cliPeakKb: cliPeakKb || Number.NaN,
      };
    },
  };
}
