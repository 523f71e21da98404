// TaskIds shaped like the service's: base64 with `/` written `-` and padding written `.`, e.g.
// `-gCTFWtU7t7DUlo7A8Isw***sdOEycyX4CnzhIm4RAQ..` (cloud, https://www.tencentcloud.com/document/api/647/46960) and a
// longer one for web recordings (https://www.tencentcloud.com/document/api/647/72066).

import { randomBytes } from "node:crypto";

const BYTES = { cloud: 40, web: 72 } as const;

const TASK_ID_FORMAT = /^[A-Za-z0-9+\-_.]{48,128}$/;

export function newTaskId(kind: "cloud" | "web"): string {
  return randomBytes(BYTES[kind]).toString("base64").replace(/\//g, "-").replace(/=/g, ".");
}

/** Whether `value` could be a TaskId at all; StopWebRecord answers InvalidParameter.TaskId otherwise. */
export function isTaskIdFormat(value: string): boolean {
  return TASK_ID_FORMAT.test(value);
}
