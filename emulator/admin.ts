// The unsigned JSON admin interface under /_emulator/, for tests and demos: inspect tasks and requests, move the
// clock, empty rooms, inject faults, see what became of the recording callbacks. Loopback clients only, since it needs no credentials.

import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import { z } from "zod";
import { parseFaultSpec } from "./faults";
import { sendJson } from "./http";
import type { EmulatorState } from "./state";

const ADMIN_PREFIX = "/_emulator";

export function isAdminPath(path: string): boolean {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith("127.");
  return address === "::1";
}

class AdminError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function adminSchemas() {
  return {
    clock: z.strictObject({
      advanceSeconds: z
        .number({ error: "advanceSeconds must be a number of seconds" })
        .min(0, { error: "advanceSeconds must be zero or more: the clock never goes back" })
        .max(10 * 365 * 86400, { error: "advanceSeconds must be at most ten years" }),
    }),
    page: z.strictObject({
      status: z.enum(["refreshed", "paused", "resumed"], {
        error: 'status must be "refreshed", "paused" or "resumed"',
      }),
    }),
    room: z.strictObject({
      sdkAppId: z.int({ error: "sdkAppId must be a positive integer" }).min(1, { error: "sdkAppId must be positive" }),
      roomId: z.string({ error: "roomId must be a string" }).min(1, { error: "roomId must not be empty" }),
      roomIdType: z.literal([0, 1], { error: "roomIdType must be 0 (string) or 1 (numeric)" }).optional(),
      occupied: z.boolean({ error: "occupied must be true or false" }).optional(),
      publishers: z
        .array(
          z.strictObject({
            userId: z.string({ error: "userId must be a string" }).min(1, { error: "userId must not be empty" }),
            audio: z.boolean({ error: "audio must be true or false" }).optional(),
            video: z.boolean({ error: "video must be true or false" }).optional(),
            screenShare: z.boolean({ error: "screenShare must be true or false" }).optional(),
          }),
          { error: "publishers must be a list" },
        )
        .optional(),
    }),
  };
}

let schemas: ReturnType<typeof adminSchemas> | undefined;

function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AdminError(400, parsed.error.issues[0]?.message ?? "invalid request body");
  return parsed.data;
}

function jsonBody(body: Buffer | undefined): unknown {
  if (body === undefined) throw new AdminError(413, "request body too large");
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new AdminError(400, "request body is not valid JSON");
  }
}

const clockView = (now: number) => ({ now: new Date(now).toISOString(), nowMs: now });

type Route = (state: EmulatorState, body: Buffer | undefined, params: string[]) => unknown;

const ROUTES: Array<{ pattern: RegExp; methods: Record<string, Route> }> = [
  {
    pattern: /^\/tasks$/,
    methods: { GET: (state) => ({ tasks: state.tasks() }) },
  },
  {
    pattern: /^\/tasks\/([^/]+)$/,
    methods: {
      GET: (state, _body, [taskId = ""]) => {
        const task = state.task(taskId);
        if (!task) throw new AdminError(404, `no task ${taskId}`);
        return { task };
      },
    },
  },
  {
    pattern: /^\/tasks\/([^/]+)\/end$/,
    methods: {
      POST: (state, _body, [taskId = ""]) => {
        const task = state.endTask(taskId);
        if (!task) throw new AdminError(404, `no task ${taskId}`);
        return { task };
      },
    },
  },
  {
    pattern: /^\/tasks\/([^/]+)\/page$/,
    methods: {
      POST: (state, body, [taskId = ""]) => {
        schemas ??= adminSchemas();
        const { status } = parseWith(schemas.page, jsonBody(body));
        let task: ReturnType<EmulatorState["webPageStatus"]>;
        try {
          task = state.webPageStatus(taskId, status);
        } catch (error) {
          throw new AdminError(409, (error as Error).message);
        }
        if (!task) throw new AdminError(404, `no task ${taskId}`);
        return { task, status };
      },
    },
  },
  {
    // The sender's records hold the body sent, never the key or the signature.
    pattern: /^\/callbacks$/,
    methods: {
      GET: (state) => ({
        enabled: state.callbacks !== undefined,
        pending: state.callbacks?.pendingCount() ?? 0,
        deliveries: state.callbackDeliveries(),
      }),
    },
  },
  {
    pattern: /^\/requests$/,
    methods: { GET: (state) => ({ requests: state.requests() }) },
  },
  {
    pattern: /^\/clock$/,
    methods: {
      GET: (state) => clockView(state.now()),
      POST: (state, body) => {
        schemas ??= adminSchemas();
        const { advanceSeconds } = parseWith(schemas.clock, jsonBody(body));
        return clockView(state.advanceClock(advanceSeconds));
      },
    },
  },
  {
    pattern: /^\/rooms$/,
    methods: {
      POST: (state, body) => {
        schemas ??= adminSchemas();
        const room = parseWith(schemas.room, jsonBody(body));
        state.setRoomOccupied(room);
        return { room };
      },
    },
  },
  {
    pattern: /^\/faults$/,
    methods: {
      GET: (state) => ({ faults: state.faults.list() }),
      POST: (state, body) => {
        try {
          state.setFault(parseFaultSpec(jsonBody(body)));
        } catch (error) {
          if (error instanceof TypeError) throw new AdminError(400, error.message);
          throw error;
        }
        return { faults: state.faults.list() };
      },
      DELETE: (state) => {
        state.clearFaults();
        return { faults: [] };
      },
    },
  },
  {
    pattern: /^\/reset$/,
    methods: {
      POST: (state) => {
        state.reset();
        return { reset: true };
      },
    },
  },
];

function decodeSegments(match: RegExpExecArray): string[] {
  return match.slice(1).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new AdminError(400, "malformed percent-encoding in the path");
    }
  });
}

export function handleAdmin(
  state: EmulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer | undefined,
): void {
  const reply = (status: number, payload: unknown, headers?: Record<string, string>) =>
    sendJson(response, status, JSON.stringify(payload), state.clock.now(), headers);
  if (!isLoopbackAddress(request.socket.remoteAddress)) {
    reply(403, { error: "the emulator's admin interface only answers loopback clients" });
    return;
  }
  const path = (request.url ?? "").split("?")[0]?.slice(ADMIN_PREFIX.length) ?? "";
  try {
    for (const route of ROUTES) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const handler = route.methods[request.method ?? ""];
      if (!handler) {
        const allow = Object.keys(route.methods).join(", ");
        reply(405, { error: `${request.method} is not allowed here; use ${allow}` }, { allow });
        return;
      }
      reply(200, handler(state, body, decodeSegments(match)));
      return;
    }
    reply(404, { error: `no admin route ${path || "/"}` });
  } catch (error) {
    if (error instanceof AdminError) reply(error.status, { error: error.message });
    else if (error instanceof RangeError || error instanceof TypeError) reply(400, { error: error.message });
    else throw error;
  }
}
