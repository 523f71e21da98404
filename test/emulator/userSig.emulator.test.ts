// With the application's SDKSecretKey the emulator checks each robot's UserSig the way the room would, at the
// virtual time, without failing the call: the real robot fails to join after the answer.

import TLSSigAPIv2 from "tls-sig-api-v2";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator";
import { call, cloudBody, createCloud, SDK_APP_ID, startTestEmulator, useEmulator } from "./helpers";

const SDK_SECRET_KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const ROBOT = "recorder_3560";

let emulator: Emulator;

useEmulator(
  (started) => {
    emulator = started;
  },
  { sdkSecretKey: SDK_SECRET_KEY },
);

function mint(options: { key?: string; userId?: string; expire?: number } = {}): string {
  return new TLSSigAPIv2.Api(SDK_APP_ID, options.key ?? SDK_SECRET_KEY).genUserSig(
    options.userId ?? ROBOT,
    options.expire ?? 86400,
  );
}

async function sigCheck(userSig: string) {
  const taskId = await createCloud(emulator.url, { UserId: ROBOT, UserSig: userSig });
  const task = emulator.task(taskId);
  return { valid: task?.userSigValid, reason: task?.userSigReason };
}

describe("UserSig verification", () => {
  it("accepts a UserSig minted by the official library for the robot", async () => {
    expect(await sigCheck(mint())).toEqual({ valid: true, reason: null });
  });

  it("records why a UserSig would not let the robot in, without failing the call", async () => {
    expect(await sigCheck(mint({ key: "another-key" }))).toEqual({
      valid: false,
      reason: "signature does not match the SDKSecretKey",
    });
    expect(await sigCheck(mint({ userId: "someone_else" }))).toEqual({
      valid: false,
      reason: "issued for another UserId",
    });
    expect(await sigCheck("eJw1jcEKgkAURX9FZlvYc3SaC-garbage")).toMatchObject({ valid: false });
  });

  it("judges expiry on the virtual clock", async () => {
    const shortLived = mint({ expire: 60 });
    emulator.advanceClock(120);
    expect(await sigCheck(shortLived)).toEqual({ valid: false, reason: "expired" });
  });

  it("records null without an SDKSecretKey", async () => {
    const unchecked = await startTestEmulator();
    try {
      const answer = await call(unchecked.url, "CreateCloudRecording", cloudBody({ UserSig: mint() }));
      expect(unchecked.task(answer.response.TaskId as string)).toMatchObject({
        userSigValid: null,
        userSigReason: null,
      });
    } finally {
      await unchecked.close();
    }
  });
});
