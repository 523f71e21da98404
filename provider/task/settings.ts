// Every setting the provider reads, resolved in one place. Precedence, for each setting on its own: the stack's
// config (`trtc:*`, what `pulumi config set` wrote) when set and not empty, else the environment variable(s) named in
// SOURCES, else the default. `configure` resolves them once per provider; see the README's "Configuration".

import { isIP } from "node:net";
import { API_DEFAULTS } from "../api/defaults";
import { SITE_ENDPOINTS, type Site } from "../api/sites";
import { CLIENT_DEFAULTS, type Credentials } from "../client/client";
import { TrtcConfigError } from "../errors";

export interface TrtcSettings {
  secretId?: string;
  secretKey?: string;
  sessionToken?: string;
  region?: string;
  site: Site;
  /** Base URL of the API (no path). */
  endpoint: string;
  sdkAppId?: number;
  /** The TRTC application's SDKSecretKey, used to mint UserSigs. */
  sdkSecretKey?: string;
  maxRequestsPerSecond: number;
  requestTimeoutMs: number;
  deadlineMs: number;
}

/** Looks up a stack config key such as `trtc:secretId`. */
export type ConfigLookup = (key: string) => string | undefined;

interface SettingSource {
  config: string;
  env: readonly string[];
}

const SOURCES = {
  secretId: { config: "trtc:secretId", env: ["TENCENTCLOUD_SECRET_ID"] },
  secretKey: { config: "trtc:secretKey", env: ["TENCENTCLOUD_SECRET_KEY"] },
  sessionToken: { config: "trtc:sessionToken", env: ["TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_SECURITY_TOKEN"] },
  region: { config: "trtc:region", env: ["TENCENTCLOUD_REGION"] },
  site: { config: "trtc:site", env: ["TRTC_SITE"] },
  endpoint: { config: "trtc:endpoint", env: ["TRTC_ENDPOINT"] },
  sdkAppId: { config: "trtc:sdkAppId", env: ["TRTC_SDK_APP_ID"] },
  sdkSecretKey: { config: "trtc:sdkSecretKey", env: ["TRTC_SDK_SECRET_KEY"] },
  maxRequestsPerSecond: { config: "trtc:maxRequestsPerSecond", env: ["TRTC_MAX_REQUESTS_PER_SECOND"] },
  requestTimeoutSeconds: { config: "trtc:requestTimeoutSeconds", env: ["TRTC_REQUEST_TIMEOUT_SECONDS"] },
  deadlineSeconds: { config: "trtc:deadlineSeconds", env: ["TRTC_DEADLINE_SECONDS"] },
} satisfies Record<string, SettingSource>;

type SettingName = keyof typeof SOURCES;

/** "trtc:secretId or TENCENTCLOUD_SECRET_ID": every place a setting can come from, for messages. */
export function describeSources(name: SettingName): string {
  const source = SOURCES[name];
  return [`stack config ${source.config}`, ...source.env.map((e) => `environment variable ${e}`)].join(" or ");
}

const DEFAULTS = {
  site: "intl" as Site,
  // The service's own limit per action (API_DEFAULTS names the source).
  maxRequestsPerSecond: API_DEFAULTS.requestsPerSecondPerAction,
  requestTimeoutSeconds: CLIENT_DEFAULTS.requestTimeoutMs / 1000,
  deadlineSeconds: CLIENT_DEFAULTS.deadlineMs / 1000,
};

function lookup(name: SettingName, config: ConfigLookup, env: NodeJS.ProcessEnv): string | undefined {
  const source = SOURCES[name];
  const fromConfig = config(source.config);
  if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
  for (const key of source.env) {
    const value = env[key];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

function positiveNumber(name: SettingName, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new TrtcConfigError(`${describeSources(name)} must be a positive number, got "${raw}".`);
  }
  return value;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

/** Validates an endpoint override: https anywhere, plain http only on loopback (the emulator). */
export function normalizeEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TrtcConfigError(`${describeSources("endpoint")} is not a valid URL: "${raw}".`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new TrtcConfigError(
      `${describeSources("endpoint")} must use https:// (plain http:// is only allowed for loopback hosts such as the emulator), got "${url.origin}".`,
    );
  }
  if (url.username || url.password || (url.pathname !== "/" && url.pathname !== "") || url.search) {
    throw new TrtcConfigError(`${describeSources("endpoint")} must be a bare origin such as https://host[:port].`);
  }
  return url.origin;
}

export function resolveSettings(
  config: ConfigLookup = () => undefined,
  env: NodeJS.ProcessEnv = process.env,
): TrtcSettings {
  const siteRaw = lookup("site", config, env) ?? DEFAULTS.site;
  if (siteRaw !== "intl" && siteRaw !== "china") {
    throw new TrtcConfigError(`${describeSources("site")} must be "intl" or "china", got "${siteRaw}".`);
  }
  const site: Site = siteRaw;
  const endpointRaw = lookup("endpoint", config, env);
  const sdkAppIdRaw = lookup("sdkAppId", config, env);
  let sdkAppId: number | undefined;
  if (sdkAppIdRaw !== undefined) {
    sdkAppId = Number(sdkAppIdRaw);
    if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) {
      throw new TrtcConfigError(`${describeSources("sdkAppId")} must be a positive integer, got "${sdkAppIdRaw}".`);
    }
  }
  return {
    secretId: lookup("secretId", config, env)?.trim(),
    secretKey: lookup("secretKey", config, env)?.trim(),
    sessionToken: lookup("sessionToken", config, env)?.trim(),
    region: lookup("region", config, env),
    site,
    endpoint: endpointRaw === undefined ? SITE_ENDPOINTS[site] : normalizeEndpoint(endpointRaw),
    sdkAppId,
    sdkSecretKey: lookup("sdkSecretKey", config, env),
    maxRequestsPerSecond: positiveNumber(
      "maxRequestsPerSecond",
      lookup("maxRequestsPerSecond", config, env),
      DEFAULTS.maxRequestsPerSecond,
    ),
    requestTimeoutMs:
      1000 *
      positiveNumber(
        "requestTimeoutSeconds",
        lookup("requestTimeoutSeconds", config, env),
        DEFAULTS.requestTimeoutSeconds,
      ),
    deadlineMs:
      1000 * positiveNumber("deadlineSeconds", lookup("deadlineSeconds", config, env), DEFAULTS.deadlineSeconds),
  };
}

/** The API credentials, or an error naming every place each missing one could have come from. */
export function requireCredentials(settings: TrtcSettings): Credentials {
  const missing: string[] = [];
  if (!settings.secretId) missing.push(`the SecretId (${describeSources("secretId")})`);
  if (!settings.secretKey) missing.push(`the SecretKey (${describeSources("secretKey")})`);
  if (missing.length > 0 || !settings.secretId || !settings.secretKey) {
    throw new TrtcConfigError(
      `Tencent Cloud API credentials are missing: set ${missing.join(" and ")}. Use \`pulumi config set --secret trtc:secretKey ...\` so the key is encrypted in the stack.`,
    );
  }
  return { secretId: settings.secretId, secretKey: settings.secretKey, sessionToken: settings.sessionToken };
}
