// The counter fixture for the harness's own tests: a private copy of the fixture program with the fake provider
// package installed into it as a real copy, plus helpers for its config and its "remote" JSON file.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { installPackageCopy } from "../../pulumi-cli/installPackage";
import { repoRoot } from "../../pulumi-cli/paths";
import { copyProgram, removeProgramCopy } from "../cli/programCopy";
import type { ConfigValue } from "../harness/runRequest";

export const FIXTURES = join(repoRoot(), "test", "fixtures", "harness");
export const COUNTER_TYPE = "pulumi-nodejs:dynamic/counter:Counter";
export const NOTE_TYPE = "pulumi-nodejs:dynamic/counter:Note";
export const PROJECT = "counters";

export interface CounterSpec {
  name?: string;
  value: number;
  group: string;
  pinned?: boolean;
  secretToken?: string;
  limits?: { max: number };
  failInit?: boolean;
  delayMs?: number;
  protect?: boolean;
  retainOnDelete?: boolean;
  deleteBeforeReplace?: boolean;
  ignoreChanges?: string[];
  secretOutputs?: string[];
  dependsOn?: string[];
}

export interface RemoteState {
  nextSerial: number;
  counters: Record<string, { name: string; value: number; group: string }>;
  log: string[];
}

export interface CounterProgram {
  programDir: string;
  stateFile: string;
  remoteFile: string;
  cleanup(): void;
}

export function prepareCounterProgram(label: string): CounterProgram {
  const programDir = copyProgram(join(FIXTURES, "counter-program"), label);
  installPackageCopy(programDir, join(FIXTURES, "counter-provider"));
  return {
    programDir,
    stateFile: join(programDir, "state.json"),
    remoteFile: join(programDir, "remote.json"),
    cleanup: () => removeProgramCopy(programDir),
  };
}

export function counterConfig(
  remoteFile: string,
  counters: Record<string, CounterSpec>,
  extra: Record<string, ConfigValue> = {},
): Record<string, ConfigValue> {
  return { "counter:remoteFile": remoteFile, "fixture:counters": JSON.stringify(counters), ...extra };
}

export function readRemote(remoteFile: string): RemoteState {
  if (!existsSync(remoteFile)) return { nextSerial: 0, counters: {}, log: [] };
  return JSON.parse(readFileSync(remoteFile, "utf8")) as RemoteState;
}
