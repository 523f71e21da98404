// The CloudRecording dynamic provider. This module's exports object is the provider: the resource class hands it
// to pulumi.dynamic.Resource, so `__provider` serializes to a require() of this file in the installed package. That
// path is stored in every stack's state and used to refresh and destroy, so it must not move.

import { cloudRecordingTask } from "./recordings/cloudRecordingTask";
import { TaskProvider } from "./task/taskProvider";

const provider = new TaskProvider(cloudRecordingTask);

export const { configure, check, diff, create, read, update, delete: stop } = provider;
export { stop as delete };
