// The layout picture's geometry as drawn in the SVG: the canvas, each mode's boxes for a given number of users, the
// custom boxes in layer order, background and watermarks in place, the <desc> naming every assumption, and every
// piece of text from the inputs escaped for XML.
// Template rules: https://www.tencentcloud.com/document/api/647/36760#MixLayoutParams (see provider/layout/geometry.ts).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MixLayoutParams } from "../../provider/api/schemas/cloudRecording";
import { ASSUMPTIONS, escapeXml, type LayoutInputs, layoutPicture, renderLayoutSvg } from "../../provider/layout";
import { boxesOf, canvasOfSvg, descOf, unescapeXml, watermarksOf } from "./svgParts";

const VIDEO_1280 = { width: 1280, height: 720, fps: 15, bitRate: 1_000_000, gop: 10 };
const at = (b: { x: number; y: number; width: number; height: number } | undefined) =>
  b ? [b.x, b.y, b.width, b.height] : "missing";

function svgOf(mixLayoutParams: LayoutInputs["mixLayoutParams"], users?: number | string[]) {
  return renderLayoutSvg(
    { mixLayoutParams, mixTranscodeParams: { videoParams: VIDEO_1280 } },
    users === undefined ? {} : { users },
  );
}

describe("canvas", () => {
  it("is the size of mixTranscodeParams.videoParams", () => {
    const svg = svgOf({ mixLayoutMode: 3, backGroundColor: "#101820" }, 1);
    expect(canvasOfSvg(svg)).toEqual({ width: 1280, height: 720, fill: "#101820" });
    expect(svg).toContain('viewBox="0 0 1280 720"');
  });

  it("is the service's 360×640 when videoParams is absent, and says so", () => {
    const svg = renderLayoutSvg({ mixLayoutParams: { mixLayoutMode: 3 } }, { users: 1 });
    expect(canvasOfSvg(svg)).toEqual({ width: 360, height: 640, fill: "#000000" });
    expect(at(boxesOf(svg)[0] ?? { x: -1, y: -1, width: 0, height: 0 })).toEqual([0, 0, 360, 640]);
    expect(descOf(svg)).toContain("canvas 360×640: the service's size when videoParams is not set");
  });

  it("draws the service's default nine-grid when no layout is given", () => {
    const picture = layoutPicture({ mixTranscodeParams: { videoParams: VIDEO_1280 } }, { users: 2 });
    expect(picture.modeName).toBe("nine-grid");
    expect(picture.pictures.map((p) => [p.left, p.width])).toEqual([
      [0, 640],
      [640, 640],
    ]);
    expect(picture.notes).toContain("no mixLayoutMode: the service's default, nine-grid");
  });
});

describe("custom layout (mode 4)", () => {
  const webinar: MixLayoutParams = {
    mixLayoutMode: 4,
    backGroundColor: "#000000",
    mixLayoutList: [
      { userId: "teacher", top: 0, left: 0, width: 960, height: 1080, renderMode: 1 },
      { userId: "teacher", mediaId: 1, top: 0, left: 960, width: 960, height: 1080 },
    ],
  };

  it("puts each box where mixLayoutList says, with its user", () => {
    const svg = renderLayoutSvg({
      mixLayoutParams: webinar,
      mixTranscodeParams: { videoParams: { width: 1920, height: 1080, fps: 25, bitRate: 3_000_000, gop: 2 } },
    });
    const boxes = boxesOf(svg);
    expect(boxes.map((b) => [b.user, b.role, ...at(b)])).toEqual([
      ["teacher", "custom", 0, 0, 960, 1080],
      ["teacher", "custom", 960, 0, 960, 1080],
    ]);
    expect(new Set(boxes.map((b) => b.fill)).size).toBe(2);
    expect(svg).toMatch(/<tspan[^>]*>screen share · crop · layer 0<\/tspan>/);
    // A custom layout with no watermarks places nothing the documentation leaves open.
    expect(descOf(svg)).not.toContain("Assumption");
  });

  it("draws boxes back to front by imageLayer, list order among equals", () => {
    const svg = svgOf({
      mixLayoutMode: 4,
      mixLayoutList: [
        { userId: "inset", top: 500, left: 1000, width: 200, height: 150, imageLayer: 1 },
        { userId: "full", top: 0, left: 0, width: 1280, height: 720, imageLayer: 0 },
        { userId: "second", top: 0, left: 0, width: 100, height: 100 },
      ],
    });
    expect(boxesOf(svg).map((b) => [b.user, b.index, b.layer])).toEqual([
      ["full", 1, 0],
      ["second", 2, 0],
      ["inset", 0, 1],
    ]);
  });

  it("labels a box without userId as the next user to join, and shows its transparency", () => {
    const svg = svgOf({ mixLayoutMode: 4, mixLayoutList: [{ top: 0, left: 0, width: 640, height: 360, alpha: 51 }] });
    const [box] = boxesOf(svg);
    expect(box?.user).toBeUndefined();
    expect(svg).toContain(">next user to join</tspan>");
    expect(svg).toContain('fill-opacity="0.8"');
  });
});

describe("floating (mode 1)", () => {
  it("fills the canvas with the first user and rows of 4 small pictures from the bottom-left", () => {
    const boxes = boxesOf(svgOf({ mixLayoutMode: 1 }, 6));
    expect(boxes.map((b) => [b.user, b.role, ...at(b)])).toEqual([
      ["user1", "big", 0, 0, 1280, 720],
      ["user2", "small", 0, 576, 256, 144],
      ["user3", "small", 256, 576, 256, 144],
      ["user4", "small", 512, 576, 256, 144],
      ["user5", "small", 768, 576, 256, 144],
      ["user6", "small", 0, 432, 256, 144],
    ]);
  });

  it("puts maxResolutionUserId in the large picture and goes to 5 a row above 17 pictures", () => {
    const boxes = boxesOf(svgOf({ mixLayoutMode: 1, maxResolutionUserId: "host" }, 20));
    expect(boxes).toHaveLength(20);
    expect(boxes[0]).toMatchObject({ user: "host", role: "big", x: 0, y: 0, width: 1280, height: 720 });
    expect(at(boxes[1])).toEqual([0, 600, 213, 120]);
    expect(boxes.slice(1, 6).map((b) => b.y)).toEqual([600, 600, 600, 600, 600]);
    expect(boxes[6]).toMatchObject({ user: "user6", x: 0, y: 480 });
  });

  it("shows at most 25 pictures and says how many users are left out", () => {
    const svg = svgOf({ mixLayoutMode: 1 }, 30);
    expect(boxesOf(svg)).toHaveLength(25);
    expect(descOf(svg)).toContain("5 more user(s) not shown: at most 25 pictures");
  });
});

describe("screen share (mode 2)", () => {
  it("puts maxResolutionUserId large on the left and the others in columns of 8 on the right", () => {
    const boxes = boxesOf(svgOf({ mixLayoutMode: 2, maxResolutionUserId: "teacher", mediaId: 1 }, 10));
    expect(boxes.map((b) => [b.user, ...at(b)])).toEqual([
      ["teacher", 0, 0, 960, 720],
      ["user1", 1120, 0, 160, 90],
      ["user2", 1120, 90, 160, 90],
      ["user3", 1120, 180, 160, 90],
      ["user4", 1120, 270, 160, 90],
      ["user5", 1120, 360, 160, 90],
      ["user6", 1120, 450, 160, 90],
      ["user7", 1120, 540, 160, 90],
      ["user8", 1120, 630, 160, 90],
      ["user9", 960, 0, 160, 90],
    ]);
    expect(svgOf({ mixLayoutMode: 2, maxResolutionUserId: "teacher", mediaId: 1 }, 10)).toContain(
      ">screen share · crop</tspan>",
    );
  });

  it("mirrors with maxResolutionUserAlign 1 and leaves the large area to the background without a user", () => {
    const svg = svgOf({ mixLayoutMode: 2, maxResolutionUserAlign: 1 }, 4);
    const boxes = boxesOf(svg);
    expect(boxes[0]).toMatchObject({ role: "big", fill: "none", x: 160, y: 0, width: 1120, height: 720 });
    expect(boxes[0]?.user).toBeUndefined();
    expect(boxes.slice(1).map((b) => [b.user, b.x, b.y])).toEqual([
      ["user1", 0, 0],
      ["user2", 0, 90],
      ["user3", 0, 180],
      ["user4", 0, 270],
    ]);
    expect(descOf(svg)).toContain("screen share without maxResolutionUserId: the large area shows the background");
  });

  it("puts pictures beyond 17 along the bottom from the left", () => {
    const boxes = boxesOf(svgOf({ mixLayoutMode: 2 }, 22));
    expect(boxes).toHaveLength(23);
    expect(at(boxes[0])).toEqual([0, 0, 996, 640]);
    expect(boxes.slice(17).map((b) => [b.user, b.x, b.y, b.height])).toEqual([
      ["user17", 0, 640, 80],
      ["user18", 142, 640, 80],
      ["user19", 284, 640, 80],
      ["user20", 427, 640, 80],
      ["user21", 569, 640, 80],
      ["user22", 711, 640, 80],
    ]);
  });
});

describe("nine-grid (mode 3)", () => {
  it("gives every user the same size, in rows", () => {
    const boxes = boxesOf(svgOf({ mixLayoutMode: 3 }, ["ann", "bo", "cy", "di", "ed"]));
    expect(boxes.map((b) => [b.user, ...at(b)])).toEqual([
      ["ann", 0, 0, 427, 360],
      ["bo", 427, 0, 426, 360],
      ["cy", 853, 0, 427, 360],
      ["di", 0, 360, 427, 360],
      ["ed", 427, 360, 426, 360],
    ]);
  });

  it("fills the canvas with one user and draws 25 users 5 by 5", () => {
    expect(boxesOf(svgOf({ mixLayoutMode: 3 }, 1)).map(at)).toEqual([[0, 0, 1280, 720]]);
    const boxes = boxesOf(svgOf({ mixLayoutMode: 3 }, 25));
    expect(new Set(boxes.map((b) => b.x)).size).toBe(5);
    expect(new Set(boxes.map((b) => b.y))).toEqual(new Set([0, 144, 288, 432, 576]));
  });

  it("draws 4 users when none are given, and names that as an assumption", () => {
    const svg = svgOf({ mixLayoutMode: 3 });
    expect(boxesOf(svg).map((b) => b.user)).toEqual(["user1", "user2", "user3", "user4"]);
    expect(descOf(svg)).toContain(`Assumption (not stated by the TRTC documentation): ${ASSUMPTIONS.defaultUsers}.`);
    expect(descOf(svg)).toContain(ASSUMPTIONS.gridShape);
  });

  it("takes the users from a literal video allowlist, not from a prefix pattern", () => {
    const recordParams = (ids: string[]) => ({
      recordMode: 2 as const,
      subscribeStreamUserIds: { subscribeVideoUserIds: ids },
    });
    const named = layoutPicture({ mixLayoutParams: { mixLayoutMode: 3 }, recordParams: recordParams(["a", "b", "c"]) });
    expect(named.users).toEqual(["a", "b", "c"]);
    expect(named.assumptions).not.toContain(ASSUMPTIONS.defaultUsers);
    const prefix = layoutPicture({ mixLayoutParams: { mixLayoutMode: 3 }, recordParams: recordParams(["1.*$"]) });
    expect(prefix.users).toHaveLength(4);
  });
});

describe("background", () => {
  it("places the background image by its render mode and links it", () => {
    const svg = svgOf(
      { mixLayoutMode: 3, backgroundImageUrl: "https://cdn.example.com/bg.png", backgroundImageRenderMode: 2 },
      1,
    );
    expect(svg).toContain(
      '<image href="https://cdn.example.com/bg.png" x="0" y="0" width="1280" height="720" preserveAspectRatio="xMidYMid meet"/>',
    );
    expect(svg).toContain("background image bg.png (letterbox)");
    expect(descOf(svg)).not.toContain(ASSUMPTIONS.backgroundRenderMode);
  });

  it("crops when no render mode is given, as an assumption, and links nothing with images: outline", () => {
    const params = { mixLayoutMode: 3, backgroundImageUrl: "https://cdn.example.com/bg.png" } as const;
    const svg = svgOf(params, 1);
    expect(svg).toContain('preserveAspectRatio="xMidYMid slice"');
    expect(descOf(svg)).toContain(ASSUMPTIONS.backgroundRenderMode);
    const outline = renderLayoutSvg({ mixLayoutParams: params }, { users: 1, images: "outline" });
    expect(outline).not.toContain("<image");
    expect(outline).toContain("background image bg.png (crop)");
  });
});

describe("watermarks", () => {
  const marks: MixLayoutParams = {
    mixLayoutMode: 3,
    waterMarkList: [
      {
        waterMarkType: 0,
        waterMarkImage: {
          waterMarkUrl: "https://static.example.com/logo.png",
          top: 24,
          left: 24,
          width: 160,
          height: 60,
        },
      },
      {
        waterMarkType: 1,
        waterMarkChar: {
          chars: "Live",
          top: 650,
          left: 24,
          width: 400,
          height: 50,
          fontSize: 32,
          fontColor: "0xFF0000",
          backGroundColor: "0x00FF00",
        },
      },
      { waterMarkType: 2, waterMarkTimestamp: { pos: 1, timeZone: -5 } },
    ],
  };

  it("draws image, text and timestamp watermarks in place, above the pictures", () => {
    const svg = svgOf(marks, 4);
    const drawn = watermarksOf(svg);
    expect(drawn.map((w) => [w.kind, ...at(w)])).toEqual([
      ["image", 24, 24, 160, 60],
      ["text", 24, 650, 400, 50],
      ["timestamp", 908, 12, 360, 36],
    ]);
    expect(drawn[0]?.element).toContain('<image href="https://static.example.com/logo.png" x="24" y="24"');
    expect(drawn[1]?.element).toContain('fill="#00ff00"');
    expect(drawn[1]?.element).toMatch(/font-size="32" fill="#ff0000">Live<\/text>/);
    expect(drawn[2]?.element).toContain(">YYYY-MM-DD hh:mm:ss UTC-5</text>");
    expect(svg.lastIndexOf('class="picture"')).toBeLessThan(svg.indexOf('class="watermark"'));
    expect(descOf(svg)).toContain(ASSUMPTIONS.timestampBox);
  });

  it("places the timestamp at each documented position", () => {
    const positions = ([0, 1, 2, 3, 4, 5, 6] as const).map((pos) => {
      const svg = svgOf({ mixLayoutMode: 3, waterMarkList: [{ waterMarkType: 2, waterMarkTimestamp: { pos } }] }, 1);
      const [mark] = watermarksOf(svg);
      return [mark?.x, mark?.y];
    });
    // 1280×720: 24 px text, a 360×36 box, 12 px from the edges.
    expect(positions).toEqual([
      [12, 12],
      [908, 12],
      [12, 672],
      [908, 672],
      [460, 12],
      [460, 672],
      [460, 342],
    ]);
  });

  it("links only http(s) images", () => {
    const svg = svgOf(
      {
        mixLayoutMode: 3,
        waterMarkList: [
          { waterMarkImage: { waterMarkUrl: "javascript:alert(1)//x.png", top: 0, left: 0, width: 10, height: 10 } },
        ],
      },
      1,
    );
    expect(svg).not.toContain("<image");
    expect(watermarksOf(svg)).toHaveLength(1);
  });
});

describe("text from the inputs", () => {
  const nasty = `</text><script>alert("x")</script>&'`;

  it("is escaped in user ids, titles, watermark text and URLs", () => {
    const svg = renderLayoutSvg(
      {
        mixLayoutParams: {
          mixLayoutMode: 4,
          mixLayoutList: [{ userId: nasty, top: 0, left: 0, width: 100, height: 100 }],
          backgroundImageUrl: `https://x.example/"onload="alert(1).png`,
          waterMarkList: [
            { waterMarkType: 1, waterMarkChar: { chars: nasty, top: 0, left: 0, width: 100, height: 20 } },
          ],
        },
      },
      { title: nasty },
    );
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain('"onload="');
    expect(svg).toContain("&lt;/text&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&apos;");
    expect(boxesOf(svg)[0]?.user).toBe(nasty);
    expect(svg.match(/<script/g)).toBeNull();
  });

  it("replaces characters XML cannot hold", () => {
    expect(escapeXml("a\u0000b\u001Fc\uD800d\uFFFEe\tf\ng")).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\tf\ng");
    expect(escapeXml("😀")).toBe("😀");
  });

  it("always yields well-formed XML text that reads back as the input", () => {
    const anyUtf16 = fc
      .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
      .map((codes) => String.fromCharCode(...codes));
    const xmlText =
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML forbids
      /^(?:[^<>&"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF]|&(?:amp|lt|gt|quot|apos);)*$/;
    fc.assert(
      fc.property(anyUtf16, (text) => {
        const escaped = escapeXml(text);
        expect(escaped).toMatch(xmlText);
        const readBack = unescapeXml(escaped);
        expect(readBack).toHaveLength(text.length);
        // Compared unit by unit (a surrogate pair is two): each is kept or replaced by U+FFFD, never moved.
        const kept = Array.from({ length: text.length }, (_, i) => i).every(
          (i) => readBack[i] === text[i] || readBack[i] === "\uFFFD",
        );
        expect(kept).toBe(true);
      }),
    );
  });
});

describe("notes", () => {
  it("says when the recording makes no mixed picture", () => {
    const svg = renderLayoutSvg(
      { recordParams: { recordMode: 1 }, mixLayoutParams: { mixLayoutMode: 3 } },
      { users: 1 },
    );
    expect(descOf(svg)).toContain("single-stream recording (recordMode 1)");
  });

  it("reads secrets and unknowns from a stack file as absent values", () => {
    const picture = layoutPicture({
      mixLayoutParams: "[secret]" as never,
      mixTranscodeParams: { videoParams: { width: "[unknown until apply]" } } as never,
    });
    expect(picture.canvas).toEqual({ width: 360, height: 640 });
    expect(picture.notes[0]).toContain("canvas 360×640");
    expect(picture.notes).toContain('mixLayoutParams is "[secret]": drawn as the default layout');
  });
});
