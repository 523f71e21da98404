// API_DEFAULTS is the one place the service's defaults are written: it holds the documented values, cannot be
// changed at run time, names its source for each entry, and agrees with the @defaultValue the request fields show.

import { describe, expect, it } from "vitest";
import { API_DEFAULTS } from "../../provider/api/defaults";
import { canvasOf } from "../../provider/api/schemas/mixLayout";
import { defaultValue, documentedProperties, urlsIn } from "./tsdoc";

describe("API_DEFAULTS", () => {
  it("holds the documented defaults", () => {
    expect(API_DEFAULTS).toMatchObject({
      resourceExpiredHours: 72,
      maxIdleTimeSeconds: 30,
      webMaxDurationSeconds: 86400,
      requestsPerSecondPerAction: 20,
      concurrentRecordingTasks: 100,
      mixCanvasWidthPx: 360,
      mixCanvasHeightPx: 640,
    });
  });

  it("is frozen", () => {
    expect(Object.isFrozen(API_DEFAULTS)).toBe(true);
    expect(() => {
      (API_DEFAULTS as { resourceExpiredHours: number }).resourceExpiredHours = 1;
    }).toThrow(TypeError);
    expect(API_DEFAULTS.resourceExpiredHours).toBe(72);
  });

  it("names a source page for every entry", () => {
    const entries = documentedProperties("provider/api/defaults.ts").filter((p) => p.fn === "");
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(API_DEFAULTS).sort());
    const unsourced = entries.filter((e) => urlsIn(e.doc ?? "").length === 0).map((e) => e.name);
    expect(unsourced).toEqual([]);
  });

  it("agrees with the @defaultValue of the request fields it is the default of", () => {
    const documented = (file: string, fn: string, name: string) => {
      const doc = documentedProperties(file).find((p) => p.fn === fn && p.name === name)?.doc;
      return defaultValue(doc ?? "");
    };
    const cloud = "provider/api/schemas/cloudRecording.ts";
    const web = "provider/api/schemas/webRecording.ts";
    expect(documented(cloud, "createCloudRecordingShape", "resourceExpiredHour")).toBe(
      String(API_DEFAULTS.resourceExpiredHours),
    );
    expect(documented(cloud, "recordParamsSchema", "maxIdleTime")).toBe(String(API_DEFAULTS.maxIdleTimeSeconds));
    expect(documented(web, "startWebRecordShape", "maxDurationLimit")).toBe(String(API_DEFAULTS.webMaxDurationSeconds));
    expect(documented(cloud, "mixTranscodeParamsSchema", "videoParams")).toContain(
      `width: ${API_DEFAULTS.mixCanvasWidthPx}, height: ${API_DEFAULTS.mixCanvasHeightPx}`,
    );
  });

  it("sizes the mixed canvas when VideoParams is omitted", () => {
    expect(canvasOf(undefined)).toEqual({ width: 360, height: 640 });
    expect(canvasOf({})).toEqual({ width: 360, height: 640 });
    expect(canvasOf({ videoParams: { width: 1280, height: 720 } })).toEqual({ width: 1280, height: 720 });
  });
});
