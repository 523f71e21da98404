// Receives TRTC's recording callbacks with Node's own HTTP server: no web framework. Every request's Sign header is
// checked against the callback key; accepted events are reported on stdout as they arrive:
//   started <TaskId>
//   stopped <TaskId> <event type>        the recorder left; files may still be uploading
//   file <TaskId> <URL or object key>    a file is in storage (VOD playback URL, or COS object key)
//   complete <TaskId>                    the VOD upload task is over: no further file
//   problem <TaskId> <event type> <stage>
//
//   TRTC_CALLBACK_KEY=... PORT=8080 node bin/index.js
// The first line printed is the URL to set as the callback address in the TRTC console.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createCallbackHandler, readyFiles, type TrtcCallbackEvent } from "pulumi-trtc/callbacks";

const key = process.env.TRTC_CALLBACK_KEY;
if (!key) {
  console.error("Set TRTC_CALLBACK_KEY to the callback key configured in the TRTC console.");
  process.exit(2);
}
const port = Number(process.env.PORT ?? 8080);
const path = "/trtc/callbacks";

// TRTC sends a callback again when it got no 200 within 5 seconds, so an event can arrive twice. A real service keeps
// the keys it processed in its database.
const processed = new Set<string>();

function report(event: TrtcCallbackEvent): void {
  const task = event.taskId ?? "-";
  switch (event.stage) {
    case "started":
      console.log(`started ${task}`);
      break;
    case "stopped":
      console.log(`stopped ${task} ${event.type}`);
      break;
    case "filesReady":
      // 311 and 310 name their files; 305 (every HLS file of the task uploaded) names none: the M3U8 names came
      // earlier with 304 and 307. COS objects are <prefix>/<TaskId>/<file name> in the bucket.
      for (const file of readyFiles(event)) console.log(`file ${task} ${file.vodUrl ?? `${task}/${file.fileName}`}`);
      break;
    case "completed":
      console.log(`complete ${task}`);
      break;
    case "failed":
    case "filesDelayed":
    case "error":
      console.log(`problem ${task} ${event.type} ${event.stage}`);
      break;
    default:
      // started-adjacent information (upload module started, page refreshed, first M3U8 written...).
      break;
  }
}

const handle = createCallbackHandler({
  key,
  onEvent: (event) => {
    if (processed.has(event.deliveryKey)) return;
    processed.add(event.deliveryKey);
    report(event);
  },
  // A refused request is someone else's, or a wrong key: worth a log line, never the key itself.
  onRejected: (rejection) => console.error(`refused (${rejection.status} ${rejection.reason}): ${rejection.message}`),
});

const server = createServer((request, response) => {
  if (request.url?.split("?")[0] !== path) {
    response.writeHead(404).end();
    return;
  }
  void handle(request, response);
});

server.listen(port, () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`http://127.0.0.1:${actual}${path}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
