// The recordings in a stack's state file, read exactly as the CLI left it on disk: what the chaos run's invariants
// and its regressions compare with the tasks the emulator runs.

import { existsSync, readFileSync } from "node:fs";
import { CLOUD_TYPE, WEB_TYPE } from "../../cli/cliStack";

export interface StateEntry {
  urn: string;
  name: string;
  type: string;
  id: string;
  status?: string;
  /** The old half of a replacement whose delete is still to come. */
  delete: boolean;
  /** Deleted before its replacement, whose create has not happened yet. */
  pendingReplacement: boolean;
  initErrors: string[];
  hasProvider: boolean;
}

export interface StateSnapshot {
  entries: StateEntry[];
  pendingOperations: number;
}

interface RawResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  delete?: boolean;
  pendingReplacement?: boolean;
  initErrors?: string[];
}

/** The recordings in the state file exactly as the CLI left it on disk. */
export function readStateSnapshot(stateFile: string | undefined): StateSnapshot {
  if (!stateFile || !existsSync(stateFile)) return { entries: [], pendingOperations: 0 };
  const raw = JSON.parse(readFileSync(stateFile, "utf8")) as {
    checkpoint?: { latest?: { resources?: RawResource[]; pending_operations?: unknown[] } };
  };
  const latest = raw.checkpoint?.latest;
  const entries = (latest?.resources ?? [])
    .filter((r) => r.type === CLOUD_TYPE || r.type === WEB_TYPE)
    .map((r) => ({
      urn: r.urn,
      name: r.urn.slice(r.urn.lastIndexOf("::") + 2),
      type: r.type,
      id: r.id ?? "",
      status: typeof r.outputs?.status === "string" ? r.outputs.status : undefined,
      delete: r.delete === true,
      pendingReplacement: r.pendingReplacement === true,
      initErrors: r.initErrors ?? [],
      hasProvider: typeof r.outputs?.__provider === "string" && typeof r.inputs?.__provider === "string",
    }));
  return { entries, pendingOperations: latest?.pending_operations?.length ?? 0 };
}
