// Headless Chromium for the layout picture's browser test: Debian's `chromium` package driven by playwright-core
// (which downloads no browser of its own). Missing Chromium fails the test with what to install: it never skips.
// Flags: sandbox off (root), no GPU, and no background networking, QUIC, component updates or sync, because this
// machine's network is closed and Chromium would otherwise try to reach Google's hosts at every start;
// an sRGB colour profile so that screenshot pixels are the colours the SVG names.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { decodePng, type Pixels } from "./png";

export const CHROMIUM_PATH = process.env.TRTC_CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--force-color-profile=srgb",
];

/** Where the screenshots go: the test output, outside the repository. */
export const SCREENSHOT_DIR = join(tmpdir(), "pulumi-trtc-layout-screenshots");

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The layout picture's browser test needs headless Chromium at ${CHROMIUM_PATH}, and there is none. ` +
        "Install Debian's packages as root: apt-get update && apt-get install -y chromium chromium-driver " +
        "(.ci/run does), or point TRTC_CHROMIUM_PATH at a Chromium binary.",
    );
  }
  // playwright-core adds --headless and a new, empty user data directory for each launch.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

export interface Shot {
  pixels: Pixels;
  file: string;
  /** Evaluates in the opened SVG document. */
  page: import("playwright-core").Page;
}

/**
 * Writes `svg` to the screenshot dir, opens it as a page of exactly its size (no network: every http(s) request is
 * refused), and takes a screenshot, saved beside it as `<name>.png`. The page stays open until `close`.
 */
export async function openSvg(browser: Browser, name: string, svg: string, size: { width: number; height: number }) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const svgFile = join(SCREENSHOT_DIR, `${name}.svg`);
  writeFileSync(svgFile, svg);
  const page = await browser.newPage({ viewport: size, deviceScaleFactor: 1 });
  await page.route(/^https?:/, (route) => route.abort());
  await page.goto(pathToFileURL(svgFile).href);
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  const png = await page.screenshot({ path: file, type: "png" });
  return { pixels: decodePng(png), file, page } satisfies Shot;
}

/** `#rrggbb` as [r, g, b]. */
export function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace("#", ""), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}
