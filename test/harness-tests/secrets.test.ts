import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  annotateSecrets,
  containsSecrets,
  forHost,
  isSecret,
  markSecretOutputs,
  secret,
  UNKNOWN,
  unwrap,
} from "../harness/secrets";
import { emptyState } from "../harness/stackState";
import { loadState, saveState } from "../harness/stateFile";

describe("annotateSecrets (the Go engine's semantics)", () => {
  it("marks an output secret when the input of the same key was", () => {
    const outs = annotateSecrets({ token: "t", plain: "p", extra: "e" }, { token: secret("t"), plain: "p" });
    expect(outs).toEqual({ token: secret("t"), plain: "p", extra: "e" });
  });

  it("recurses when both sides are objects, so only the nested key becomes secret", () => {
    const outs = annotateSecrets({ auth: { key: "k", user: "u" } }, { auth: { key: secret("k"), user: "u" } });
    expect(outs).toEqual({ auth: { key: secret("k"), user: "u" } });
  });

  it("makes the whole value secret when the input merely contains a secret (arrays become wholly secret)", () => {
    const outs = annotateSecrets(
      { list: ["a", "b"], obj: { x: 1 } },
      { list: ["a", secret("b")], obj: secret({ x: 1 }) },
    );
    expect(outs.list).toEqual(secret(["a", "b"]));
    expect(outs.obj).toEqual(secret({ x: 1 }));
  });

  it("leaves already-secret outputs and keys missing from the outputs alone", () => {
    const outs = annotateSecrets({ a: secret("x") }, { a: secret("x"), gone: secret("y") });
    expect(outs).toEqual({ a: secret("x") });
  });

  it("additionalSecretOutputs marks top-level keys that exist", () => {
    expect(markSecretOutputs({ a: 1, b: 2 }, ["a", "missing"])).toEqual({ a: secret(1), b: 2 });
  });
});

describe("values sent to the host", () => {
  it("unwraps secrets at any depth, drops undefined and keeps unknowns", () => {
    const sent = forHost({ a: secret({ b: secret("c") }), gone: undefined, list: [undefined, secret(1)], u: UNKNOWN });
    expect(sent).toEqual({ a: { b: "c" }, list: [null, 1], u: UNKNOWN });
    expect(containsSecrets(sent)).toBe(false);
    expect(unwrap([secret("x")])).toEqual(["x"]);
    expect(isSecret(secret(undefined))).toBe(true);
  });
});

describe("state files", () => {
  const dir = mkdtempSync(join(tmpdir(), "harness-state-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("encrypt secrets with the passphrase and decrypt them on load", () => {
    const file = join(dir, "state.json");
    const state = emptyState("p", "s");
    state.outputs = { password: secret("hunter2-plaintext"), nested: { list: [secret({ deep: "deep-plaintext" })] } };
    saveState(file, state);

    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("hunter2-plaintext");
    expect(text).not.toContain("deep-plaintext");
    expect(text).toContain('"ciphertext"');
    expect(loadState(file)).toEqual(state);
    expect(() => loadState(file, { passphrase: "wrong" })).toThrow();
  });

  it("reports no state for a file that does not exist", () => {
    expect(loadState(join(dir, "missing.json"))).toBeUndefined();
  });
});
