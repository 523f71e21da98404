// What every action handler receives and returns. Kept apart from actions.ts, which dispatches to the handlers, so
// that the handler modules depend on these types without importing the dispatcher back.

import type { EmulatorSettings } from "./options";
import type { TaskStore } from "./tasks";

export interface ActionContext {
  store: TaskStore;
  settings: EmulatorSettings;
  region: string;
  /** The request body as sent (PascalCase): what the admin view shows as the task's request. */
  body: Record<string, unknown>;
}

/** Answer fields of a successful call, without RequestId. */
export type ActionResult = Record<string, unknown>;
