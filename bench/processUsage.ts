// Peak memory and CPU time of the processes an operation runs, read from /proc while it runs: the dynamic-provider
// host (`node .../@pulumi/pulumi/cmd/dynamic-provider`, started by the CLI through the pulumi-resource-pulumi-nodejs
// launcher), the `pulumi` CLI itself and the emulator. Only descendants of this process count, so other Pulumi runs
// on the machine never leak in. VmHWM is each process's own high-water mark, so sampling only has to see it alive.

import { readdirSync, readFileSync } from "node:fs";

export interface ProcessUsage {
  /** Highest VmHWM among the provider hosts seen, KiB (NaN without /proc). */
  hostPeakKb: number;
  /** Provider host processes seen during the watch. */
  hosts: number;
  /** Highest VmHWM of the `pulumi` CLI processes seen, KiB. */
  cliPeakKb: number;
  /** CPU time (user + system) spent during the watch by the hosts, the CLI processes and the emulator process, ms,
   * as last sampled (so up to one interval short for processes that exited). */
  hostCpuMs: number;
  cliCpuMs: number;
  emulatorCpuMs: number;
}

export interface ProcessWatch {
  stop(): ProcessUsage;
}

const HOST_SCRIPT = /[/\\]cmd[/\\]dynamic-provider([/\\]index\.js)?$/;
const EMULATOR_SCRIPT = /[/\\]emulator[/\\]cli\.js$/;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

interface ProcStat {
  ppid: number;
  /** utime + stime, clock ticks. */
  cpuTicks: number;
}

// USER_HZ: 100 on every Linux architecture Node runs on.
const MS_PER_TICK = 10;

/** Parent pid and CPU time of every process visible in /proc. */
function processes(): Map<number, ProcStat> {
  const map = new Map<number, ProcStat>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    // The command name (field 2) is in parentheses and may hold spaces: fields after the last ')' are fixed,
    // starting with field 3 (state); ppid is field 4, utime and stime fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    map.set(Number(entry), { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) });
  }
  return map;
}

function descendantsOf(root: number, table: Map<number, ProcStat>): number[] {
  const found: number[] = [];
  for (const [pid, { ppid }] of table) {
    let up: number | undefined = ppid;
    for (let depth = 0; up !== undefined && up > 1 && depth < 32; depth++) {
      if (up === root) {
        found.push(pid);
        break;
      }
      up = table.get(up)?.ppid;
    }
  }
  return found;
}

function highWaterKb(pid: number): number | undefined {
  const match = read(`/proc/${pid}/status`)?.match(/^VmHWM:\s+(\d+) kB/m);
  return match ? Number(match[1]) : undefined;
}

/** Samples every `intervalMs` until `stop()`, which takes one last sample. */
export function watchProcesses(intervalMs = 250): ProcessWatch {
  const hostPeaks = new Map<number, number>();
  let cliPeakKb = 0;
  type Kind = "host" | "cli" | "emulator";
  // CPU per process: at its first sample and its last, with its kind.
  const cpu = new Map<number, { kind: Kind; first: number; last: number }>();
  let firstSample = true;
  let available = true;
  const sample = () => {
    if (!available) return;
    let table: Map<number, ProcStat>;
    try {
      table = processes();
    } catch {
      available = false; // no /proc (not Linux)
      return;
    }
    for (const pid of descendantsOf(process.pid, table)) {
      const argv = read(`/proc/${pid}/cmdline`)?.split("\0") ?? [];
      // `node -e "require.resolve('.../cmd/dynamic-provider')"` (the launcher's lookup) is not the host.
      const kind: Kind | undefined =
        argv[1] !== "-e" && argv.some((arg) => HOST_SCRIPT.test(arg))
          ? "host"
          : /(^|[/\\])pulumi$/.test(argv[0] ?? "")
            ? "cli"
            : argv.some((arg) => EMULATOR_SCRIPT.test(arg))
              ? "emulator"
              : undefined;
      if (kind === undefined) continue;
      const cpuMs = (table.get(pid)?.cpuTicks ?? 0) * MS_PER_TICK;
      const known = cpu.get(pid);
      // A process already running when the watch began only counts from then on; one started since, from its start.
      if (known) known.last = cpuMs;
      else cpu.set(pid, { kind, first: firstSample ? cpuMs : 0, last: cpuMs });
      if (kind === "emulator") continue;
      const kb = highWaterKb(pid);
      if (kb === undefined) continue;
      if (kind === "host") hostPeaks.set(pid, Math.max(hostPeaks.get(pid) ?? 0, kb));
      else cliPeakKb = Math.max(cliPeakKb, kb);
    }
    firstSample = false;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const cpuOf = (kind: Kind) =>
        available
          ? [...cpu.values()].filter((p) => p.kind === kind).reduce((sum, p) => sum + p.last - p.first, 0)
          : Number.NaN;
      return {
        hostPeakKb: hostPeaks.size > 0 ? Math.max(...hostPeaks.values()) : Number.NaN,
        hosts: hostPeaks.size,
        cliPeakKb: cliPeakKb || Number.NaN,
        hostCpuMs: cpuOf("host"),
        cliCpuMs: cpuOf("cli"),
        emulatorCpuMs: cpuOf("emulator"),
      };
    },
  };
}
