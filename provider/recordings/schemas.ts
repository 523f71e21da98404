// zod and the schemas built with it take about 100 ms to load (zod loads every locale), and the provider host loads
// the provider for every preview, refresh and destroy, of which only check validates inputs. So they are imported
// on first use, not with the provider (`npm run bench` measures the require).

import { exportsOf } from "../client/lazyImport";

interface SchemaModules {
  inputs: typeof import("./inputs.js");
  cloudRecording: typeof import("../api/schemas/cloudRecording.js");
  webRecording: typeof import("../api/schemas/webRecording.js");
}

let loading: Promise<SchemaModules> | undefined;

export function loadSchemas(): Promise<SchemaModules> {
  loading ??= Promise.all([
    import("./inputs.js"),
    import("../api/schemas/cloudRecording.js"),
    import("../api/schemas/webRecording.js"),
  ]).then(([inputs, cloudRecording, webRecording]) => ({
    inputs: exportsOf(inputs),
    cloudRecording: exportsOf(cloudRecording),
    webRecording: exportsOf(webRecording),
  }));
  return loading;
}
