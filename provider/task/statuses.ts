// Statuses the provider records besides the service's own.

/** The task ended by itself and stays in state (`whenEnded: "keep"`). */
export const ENDED = "ended";
/** The task is past the window in which the service lets it be managed; it may still run. */
export const UNMANAGEABLE = "unmanageable";

export function isFinished(status: unknown): boolean {
  return status === ENDED || status === UNMANAGEABLE;
}
