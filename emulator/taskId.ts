// TaskIds shaped like the service's: base64 with `/` written `-` and padding written `.`, e.g.
// `-gCTFWtU7t7DUlo7A8Isw***sdOEycyX4CnzhIm4RAQ..` (cloud, https://www.tencentcloud.com/document/api/647/46960) and a
// longer one for web recordings (https://www.tencentcloud.com/document/api/647/72066). Only their shape is copied:
// the API treats a TaskId as an opaque string, and so does the emulator when it receives one.

import { randomBytes } from "node:crypto";

const BYTES = { cloud: 40, web: 72 } as const;

export function newTaskId(kind: "cloud" | "web"): string {
  return randomBytes(BYTES[kind]).toString("base64").replace(/\//g, "-").replace(/=/g, ".");
}
