// A pass-through HTTP proxy in front of the emulator that keeps every credential the provider sends: UserSigs and
// PrivateMapKeys (passed in or minted), storage keys, CDN push URLs (they carry stream keys), the session token and
// the request signatures. The audit then looks for each of them wherever Pulumi persists or prints something.
// The field list is the audit's own, not the provider's redaction list: the audit must not trust what it checks.
// Connection failures are passed on as connection failures, so injected faults look the same through it.

import { Agent, request as upstreamRequest } from "node:http";
import { startLocalServer } from "../../localServer";

const CREDENTIAL_FIELDS = new Set(["UserSig", "PrivateMapKey", "SecretKey", "AccessKey", "PublishCdnUrl"]);
// Anything shorter would match ordinary text; every real credential is far longer.
const MIN_LENGTH = 8;

export interface CapturingProxy {
  /** Use as `trtc:endpoint`. */
  url: string;
  /** Every credential seen so far. */
  credentials(): string[];
  /** Requests forwarded so far. */
  requests(): number;
  close(): Promise<void>;
}

function collect(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (CREDENTIAL_FIELDS.has(key) && typeof item === "string") into.add(item);
      else collect(item, into);
    }
  }
}

export async function startCapturingProxy(target: string): Promise<CapturingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const seen = new Set<string>();
  let forwarded = 0;
  const server = await startLocalServer((req, body, res) => {
    forwarded++;
    const token = req.headers["x-tc-token"];
    if (typeof token === "string") seen.add(token);
    const signature = /Signature=([0-9a-f]+)/.exec(req.headers.authorization ?? "")?.[1];
    if (signature) seen.add(signature);
    try {
      collect(JSON.parse(body.toString("utf8")), seen);
    } catch {
      // Not JSON: nothing to collect; the emulator answers it.
    }
    const out = upstreamRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("aborted", () => res.socket?.destroy());
      },
    );
    // The emulator dropped the connection (an injected reset): drop the client's too.
    out.on("error", () => req.socket.destroy());
    out.end(body);
  });
  return {
    url: server.url,
    credentials: () => [...seen].filter((value) => value.length >= MIN_LENGTH),
    requests: () => forwarded,
    close: async () => {
      await server.close();
      agent.destroy();
    },
  };
}
