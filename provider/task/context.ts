// What every operation of a provider works with: the settings `configure` resolved, and one client built from them
// on the first API call (check and diff never call the API, so a preview needs no credentials).

import { TrtcClient, type TrtcClientOptions } from "../client/client";
import { requireCredentials, type TrtcSettings } from "./settings";

export interface ProviderContext {
  readonly settings: TrtcSettings;
  /** The client for these settings, made on first use; throws TrtcConfigError when credentials are missing. */
  client(): TrtcClient;
  /** Closes the client's connections (tests and a re-configure; the provider host simply exits). */
  close(): Promise<void>;
}

/**
 * Client options a context passes on besides the settings: tests inject a dispatcher, rate limits or sleep here.
 * @defaultValue none: the client's own defaults
 */
export type ClientOverrides = Partial<Omit<TrtcClientOptions, "credentials" | "endpoint">>;

export function createContext(settings: TrtcSettings, overrides: ClientOverrides = {}): ProviderContext {
  let client: TrtcClient | undefined;
  return {
    settings,
    client() {
      client ??= new TrtcClient({
        credentials: requireCredentials(settings),
        endpoint: settings.endpoint,
        maxRequestsPerSecond: settings.maxRequestsPerSecond,
        requestTimeoutMs: settings.requestTimeoutMs,
        deadlineMs: settings.deadlineMs,
        ...overrides,
      });
      return client;
    },
    async close() {
      await client?.close();
    },
  };
}
