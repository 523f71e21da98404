// endsAt through the providers against the emulator: the limits a start derives from it reach the service, and the
// management window in state matches what was asked for.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Emulator } from "../../emulator";
import * as cloud from "../../provider/cloudRecordingProvider";
import * as web from "../../provider/webRecordingProvider";
import { useEmulator } from "../emulator/helpers";
import { configureProviders, emulatorValues } from "./configure";

const KEYS = {
  secretId: "AKIDendsAt000000000000000000000",
  secretKey: "endsat-secret-key-000000",
  sdkSecretKey: "endsat-sdk-key",
  sdkAppId: 1400000000,
};
type Props = Record<string, unknown>;

let emulator: Emulator;
useEmulator((started) => {
  emulator = started;
}, KEYS);
beforeEach(async () => {
  await configureProviders(emulatorValues(emulator.url, KEYS));
});

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe("endsAt", () => {
  it("starts a CloudRecording managed until the event's end plus the margin", async () => {
    const checked = await cloud.check(
      {},
      {
        __logicalName: "event",
        roomId: "4100",
        recordParams: { recordMode: 2 },
        storageParams: { cloudVod: { tencentVod: {} } },
        endsAt: hoursFromNow(9.5),
      },
    );
    expect(checked.failures).toEqual([]);
    const { id, outs } = await cloud.create(checked.inputs as Props);
    expect(emulator.task(id)?.request).toMatchObject({ ResourceExpiredHour: 11 });
    const until = Date.parse(String((outs as Props).manageableUntil));
    expect(until - Date.parse(String((outs as Props).startedAt))).toBe(11 * 3_600_000);
    expect(outs).toMatchObject({ endsAt: checked.inputs?.endsAt });
  });

  it("starts a WebRecording that stops by itself at the event's end", async () => {
    const checked = await web.check(
      {},
      {
        __logicalName: "board",
        recordUrl: "https://example.com/board",
        storageParams: { cloudVod: { tencentVod: {} } },
        endsAt: hoursFromNow(2),
      },
    );
    expect(checked.failures).toEqual([]);
    const { id } = await web.create(checked.inputs as Props);
    const limit = Number((emulator.task(id)?.request as Props | undefined)?.MaxDurationLimit);
    expect(limit).toBeGreaterThan(7200 - 60);
    expect(limit).toBeLessThanOrEqual(7200);
  });

  it("refuses at preview a new recording whose event is over, and warns when resourceExpiredHour ends first", async () => {
    const over = await cloud.check(
      {},
      {
        __logicalName: "late",
        roomId: "4101",
        recordParams: { recordMode: 2 },
        storageParams: { cloudVod: { tencentVod: {} } },
        endsAt: hoursFromNow(-1),
      },
    );
    expect(over.failures).toEqual([{ property: "endsAt", reason: expect.stringMatching(/in the past/) }]);
    const warnings = vi.spyOn(console, "error").mockImplementation(() => {});
    const short = await cloud.check(
      {},
      {
        __logicalName: "short",
        roomId: "4102",
        recordParams: { recordMode: 2 },
        storageParams: { cloudVod: { tencentVod: {} } },
        endsAt: hoursFromNow(30),
        resourceExpiredHour: 6,
      },
    );
    expect(short.failures).toEqual([]);
    expect(warnings.mock.calls.join("\n")).toMatch(/resourceExpiredHour \(6 h\) ends before endsAt/);
    warnings.mockRestore();
  });
});
