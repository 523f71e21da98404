// The WebRecording dynamic provider; like the CloudRecording one, this module's exports object is the provider and
// its path, stored in state, must not move.

import { webRecordingTask } from "./recordings/webRecordingTask";
import { TaskProvider } from "./task/taskProvider";

const provider = new TaskProvider(webRecordingTask);

export const { configure, check, diff, create, read, update, delete: stop } = provider;
export { stop as delete };
