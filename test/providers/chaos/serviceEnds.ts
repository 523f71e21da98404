// Tasks ending on the service's side, as they do without the user: one now and then during the chaos run (its room
// empty for MaxIdleTime, its MaxDurationLimit reached, or it just ends), and everything left after the final destroy.

import type { Emulator } from "../../../emulator";
import { type ChaosProgram, MAX_IDLE_SECONDS } from "./program";
import type { SeededRandom } from "./random";
import type { StateSnapshot } from "./state";

/** The TaskIds the emulator runs now. */
export function runningTaskIds(emulator: Emulator): string[] {
  return emulator
    .tasks()
    .filter((t) => t.running)
    .map((t) => t.taskId);
}

/**
 * A task of the program ends by itself: its room empty for MaxIdleTime (cloud), its MaxDurationLimit (web), or now.
 * Returns the TaskIds that stopped (a shorter web limit ends other pages too).
 */
export function endOneNaturally(
  emulator: Emulator,
  program: ChaosProgram,
  rng: SeededRandom,
  state: () => StateSnapshot,
): string[] {
  if (program.size === 0) return [];
  const model = program.pick();
  const byClock = rng.chance(0.6);
  const entry = state().entries.find((e) => e.name === model.name && !e.delete);
  const task = entry ? emulator.task(entry.id) : undefined;
  if (!task?.running) return [];
  const before = new Set(runningTaskIds(emulator));
  if (task.kind === "cloud" && byClock) {
    const roomId = String(task.roomId);
    const maxIdleTime = Number((task.request.RecordParams as Record<string, unknown> | undefined)?.MaxIdleTime ?? 30);
    emulator.setRoomOccupied(task.sdkAppId, roomId, false);
    emulator.advanceClock(maxIdleTime + 1);
    emulator.setRoomOccupied(task.sdkAppId, roomId, true);
  } else if (task.kind === "web" && byClock && Number(task.request.MaxDurationLimit) <= 7200) {
    // Other web tasks with a shorter limit end too, as they would.
    emulator.advanceClock(Number(task.request.MaxDurationLimit) + 1);
  } else {
    emulator.endTask(task.taskId);
  }
  const now = new Set(runningTaskIds(emulator));
  return [...before].filter((id) => !now.has(id));
}

/** The service ends what is left: every room empty for longer than any MaxIdleTime, every page past a day. */
export function endWhatIsLeft(emulator: Emulator): void {
  const rooms = new Map(
    emulator
      .tasks()
      .filter((t) => t.kind === "cloud" && t.roomId)
      .map((t) => [`${t.sdkAppId}/${t.roomId}`, t]),
  );
  for (const task of rooms.values()) emulator.setRoomOccupied(task.sdkAppId, String(task.roomId), false);
  emulator.advanceClock(Math.max(MAX_IDLE_SECONDS, 86_400) + 1);
}
