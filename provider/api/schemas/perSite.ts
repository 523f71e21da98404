// Schemas are built on first use, once per site, and reused: building one costs milliseconds, and `check` runs for
// every resource of a preview at once. (Never at module load: nothing zod-made may sit where a closure could reach.)

import type { Site } from "../sites";

export function perSite<T>(build: (site: Site) => T): (site: Site) => T {
  let built: Map<Site, T> | undefined;
  return (site) => {
    built ??= new Map();
    let value = built.get(site);
    if (value === undefined) {
      value = build(site);
      built.set(site, value);
    }
    return value;
  };
}
