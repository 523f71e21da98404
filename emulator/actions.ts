// The seven actions: parameters are validated first (validation.ts, from the emulator's own API description), then
// the action runs against the task store.

import type { ActionName } from "../provider/api/actions";
import type { ActionContext, ActionResult } from "./actionContext";
import {
  createCloudRecording,
  deleteCloudRecording,
  describeCloudRecording,
  modifyCloudRecording,
} from "./cloudActions";
import type { ActionRequests } from "./requests";
import { validateRequest } from "./validation";
import { describeWebRecord, startWebRecord, stopWebRecord } from "./webActions";

type Handler<A extends ActionName> = (context: ActionContext, params: ActionRequests[A]) => ActionResult;

const HANDLERS: { [A in ActionName]: Handler<A> } = {
  CreateCloudRecording: createCloudRecording,
  DescribeCloudRecording: describeCloudRecording,
  ModifyCloudRecording: modifyCloudRecording,
  DeleteCloudRecording: deleteCloudRecording,
  StartWebRecord: startWebRecord,
  DescribeWebRecord: describeWebRecord,
  StopWebRecord: stopWebRecord,
};

/** Validates and runs one call; throws an ApiError with the service's code when it fails. */
export function runAction<A extends ActionName>(
  action: A,
  context: Omit<ActionContext, "body">,
  body: unknown,
): ActionResult {
  const { site, webMaxDurationSeconds } = context.settings;
  const params = validateRequest(action, body, { site, webMaxDurationSeconds });
  const handler = HANDLERS[action] as Handler<A>;
  return handler({ ...context, body: body as Record<string, unknown> }, params);
}
