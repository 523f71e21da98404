// The layout picture as a browser shows it: headless Chromium (Debian's package, through playwright-core) opens the
// SVG file, takes a screenshot, and the pixels are checked where the boxes are: the centre of each picture is its
// fill colour, outside every picture is the canvas background, a picture in front covers the one behind, an empty
// large slot shows the background. The screenshots are left in SCREENSHOT_DIR (outside the repository).

import type { Browser } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import type { MixLayoutParams } from "../../provider/api/schemas/cloudRecording";
import { renderLayoutSvg } from "../../provider/layout";
import { PALETTE } from "../../provider/layout/geometry";
import { launchChromium, openSvg, rgb, SCREENSHOT_DIR } from "./browser";
import type { Pixels } from "./png";
import { boxesOf, watermarksOf } from "./svgParts";

const CANVAS = { width: 640, height: 360 };
const VIDEO = { ...CANVAS, fps: 15, bitRate: 500_000, gop: 10 };
const BACKGROUND = "#203040";

// Launched by the first test that needs it, so that a missing Chromium fails every test with its reason (a failed
// beforeAll would report them as skipped).
let launched: Promise<Browser> | undefined;
const browser = () => {
  launched ??= launchChromium();
  return launched;
};

afterAll(async () => {
  await (await launched?.catch(() => undefined))?.close();
});

/** The colour at (x, y), within 2 per channel of `hex` (anti-aliasing never reaches a box's centre). */
function expectColour(pixels: Pixels, x: number, y: number, hex: string, what: string): void {
  const actual = pixels.at(Math.round(x), Math.round(y));
  const expected = rgb(hex);
  const off = actual.map((v, i) => Math.abs(v - (expected[i] ?? 0)));
  expect(Math.max(...off), `${what} at (${x}, ${y}): rgb(${actual.join(", ")}), expected ${hex}`).toBeLessThanOrEqual(
    2,
  );
}

async function shoot(name: string, mixLayoutParams: MixLayoutParams, users?: number | string[]) {
  const svg = renderLayoutSvg(
    {
      mixLayoutParams: { backGroundColor: BACKGROUND, ...mixLayoutParams },
      mixTranscodeParams: { videoParams: VIDEO },
    },
    { title: name, ...(users !== undefined ? { users } : {}) },
  );
  const shot = await openSvg(await browser(), name, svg, CANVAS);
  expect(shot.pixels.width).toBe(CANVAS.width);
  expect(shot.pixels.height).toBe(CANVAS.height);
  return { svg, ...shot, boxes: boxesOf(svg) };
}

describe("layout picture in headless Chromium", () => {
  it("shows custom boxes in their colours, the front one over the back, and the background around them", async () => {
    const { pixels, boxes, page } = await shoot("custom", {
      mixLayoutMode: 4,
      mixLayoutList: [
        { userId: "inset", top: 200, left: 100, width: 120, height: 80, imageLayer: 1 },
        { userId: "speaker", top: 0, left: 0, width: 320, height: 360 },
        { userId: "screen", mediaId: 1, top: 40, left: 400, width: 200, height: 120 },
      ],
    });
    // Back to front: speaker (list entry 1), screen (2), inset (0, layer 1); each list entry has its palette colour.
    expect(boxes.map((b) => [b.user, b.fill])).toEqual([
      ["speaker", PALETTE[1]],
      ["screen", PALETTE[2]],
      ["inset", PALETTE[0]],
    ]);
    expectColour(pixels, 160, 100, PALETTE[1], "speaker (0, 0, 320×360)");
    expectColour(pixels, 500, 100, PALETTE[2], "screen (400, 40, 200×120)");
    // The inset (layer 1) lies over the speaker (layer 0): inside both, the inset's colour.
    expectColour(pixels, 160, 240, PALETTE[0], "inset (100, 200, 120×80) over the speaker");
    expectColour(pixels, 300, 300, PALETTE[1], "speaker beside the inset");
    expectColour(pixels, 360, 300, BACKGROUND, "outside every box");
    expectColour(pixels, 620, 200, BACKGROUND, "right of the screen share");
    await page.close();
  });

  it("shows a nine-grid of 4 users as 2 × 2 boxes of their colours", async () => {
    const { pixels, boxes, page } = await shoot("nine-grid", { mixLayoutMode: 3 }, 4);
    expect(boxes.map((b) => [b.x, b.y, b.width, b.height])).toEqual([
      [0, 0, 320, 180],
      [320, 0, 320, 180],
      [0, 180, 320, 180],
      [320, 180, 320, 180],
    ]);
    expect(boxes.map((b) => b.fill)).toEqual(PALETTE.slice(0, 4));
    const centres = [
      [160, 90],
      [480, 90],
      [160, 270],
      [480, 270],
    ] as const;
    centres.forEach(([x, y], i) => {
      expectColour(pixels, x, y, PALETTE[i] ?? "", `user${i + 1}`);
    });
    await page.close();
  });

  it("shows floating small pictures over the large one from the bottom-left", async () => {
    const { pixels, boxes, page } = await shoot("floating", { mixLayoutMode: 1 }, 3);
    // 640×360: small pictures 128×72 from the bottom-left corner, over user1 filling the canvas.
    expect(boxes.map((b) => [b.user, b.x, b.y, b.width, b.height])).toEqual([
      ["user1", 0, 0, 640, 360],
      ["user2", 0, 288, 128, 72],
      ["user3", 128, 288, 128, 72],
    ]);
    expectColour(pixels, 64, 324, PALETTE[1], "user2");
    expectColour(pixels, 192, 324, PALETTE[2], "user3");
    expectColour(pixels, 320, 180, PALETTE[0], "user1");
    expectColour(pixels, 400, 324, PALETTE[0], "user1 right of the small ones");
    await page.close();
  });

  it("shows the background in a screen share's large area when no user is named for it", async () => {
    const { pixels, boxes, page } = await shoot("screen-share", { mixLayoutMode: 2 }, 3);
    // 640×360: one column of 80×45 pictures at the right edge; the large area left of it is empty.
    expect(boxes.map((b) => [b.user, b.x, b.y, b.width, b.height, b.fill])).toEqual([
      [undefined, 0, 0, 560, 360, "none"],
      ["user1", 560, 0, 80, 45, PALETTE[1]],
      ["user2", 560, 45, 80, 45, PALETTE[2]],
      ["user3", 560, 90, 80, 45, PALETTE[3]],
    ]);
    expectColour(pixels, 280, 180, BACKGROUND, "empty large area");
    [1, 2, 3].forEach((i) => {
      expectColour(pixels, 600, 45 * (i - 1) + 22, PALETTE[i] ?? "", `user${i}`);
    });
    expectColour(pixels, 600, 330, BACKGROUND, "below the column of small pictures");
    await page.close();
  });

  it("draws a text watermark's background colour in its box, over the pictures", async () => {
    const { pixels, svg, page } = await shoot(
      "watermark",
      {
        mixLayoutMode: 3,
        waterMarkList: [
          {
            waterMarkType: 1,
            waterMarkChar: { chars: "Hi", top: 300, left: 40, width: 400, height: 40, backGroundColor: "0x11ee77" },
          },
        ],
      },
      1,
    );
    const [mark] = watermarksOf(svg);
    expect(mark).toMatchObject({ kind: "text", x: 40, y: 300, width: 400, height: 40 });
    expectColour(pixels, 340, 320, "#11ee77", "text watermark background");
    await page.close();
  });

  it("keeps user ids as text: markup in them neither breaks the document nor runs", async () => {
    const nasty = `<script>window.ran=1</script>"&'\u0001`;
    const { page } = await shoot("escaping", {
      mixLayoutMode: 4,
      mixLayoutList: [{ userId: nasty, top: 0, left: 0, width: 640, height: 360 }],
    });
    // A string, evaluated in the page: this project's TypeScript has no DOM types.
    const seen = await page.evaluate(`({
      parsed: document.documentElement.localName,
      errors: document.getElementsByTagName("parsererror").length,
      scripts: document.getElementsByTagName("script").length,
      ran: window.ran ?? 0,
      user: document.querySelector("g.picture")?.getAttribute("data-user"),
      label: document.querySelector("g.picture tspan")?.textContent,
    })`);
    expect(seen).toEqual({
      parsed: "svg",
      errors: 0,
      scripts: 0,
      ran: 0,
      user: nasty.replace("\u0001", "\uFFFD"),
      label: nasty.replace("\u0001", "\uFFFD"),
    });
    await page.close();
  });

  it("leaves its screenshots in the test output, outside the repository", () => {
    expect(SCREENSHOT_DIR.startsWith(process.cwd())).toBe(false);
  });
});
