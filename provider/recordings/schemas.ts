// zod and the schemas built with it take about 100 ms to load (zod loads every locale), and the provider host loads
// the provider for every preview, refresh and destroy, of which only check validates inputs. So they are required
// on first use, not with the provider (`npm run bench` measures the require).

interface SchemaModules {
  inputs: typeof import("./inputs");
  cloudRecording: typeof import("../api/schemas/cloudRecording");
  webRecording: typeof import("../api/schemas/webRecording");
}

let loaded: SchemaModules | undefined;

export function schemas(): SchemaModules {
  loaded ??= {
    inputs: require("./inputs"),
    cloudRecording: require("../api/schemas/cloudRecording"),
    webRecording: require("../api/schemas/webRecording"),
  };
  return loaded;
}
