// The PNG reader the browser test checks pixels with: every row filter of the format (none, sub, up, average,
// paeth) decodes back to the pixels encoded, for RGB and RGBA, and what it cannot read is refused.
// https://www.w3.org/TR/png-3/#9Filters

import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodePng } from "./png";

function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  // The reader does not check CRCs: zeros are enough here.
  return Buffer.concat([length, Buffer.from(type, "latin1"), body, Buffer.alloc(4)]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Encodes rows of bytes, row y with filter y % 5. */
function encode(width: number, channels: 3 | 4, rows: number[][]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(rows.length, 4);
  header[8] = 8;
  header[9] = channels === 4 ? 6 : 2;
  const raw: number[] = [];
  rows.forEach((row, y) => {
    const filter = y % 5;
    raw.push(filter);
    row.forEach((value, i) => {
      const left = i >= channels ? (row[i - channels] ?? 0) : 0;
      const up = y > 0 ? (rows[y - 1]?.[i] ?? 0) : 0;
      const upLeft = y > 0 && i >= channels ? (rows[y - 1]?.[i - channels] ?? 0) : 0;
      const predicted = [0, left, up, Math.floor((left + up) / 2), paeth(left, up, upLeft)][filter] ?? 0;
      raw.push((value - predicted) & 0xff);
    });
  });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from(raw))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("decodePng", () => {
  for (const channels of [3, 4] as const) {
    it(`reads every row filter (${channels === 3 ? "RGB" : "RGBA"})`, () => {
      const width = 4;
      const rows = Array.from({ length: 10 }, (_, y) =>
        Array.from({ length: width * channels }, (_, i) => (y * 37 + i * 91 + ((y * i) % 7) * 29) & 0xff),
      );
      const pixels = decodePng(encode(width, channels, rows));
      expect([pixels.width, pixels.height]).toEqual([width, 10]);
      for (let y = 0; y < 10; y++) {
        for (let x = 0; x < width; x++) {
          expect(pixels.at(x, y)).toEqual(rows[y]?.slice(x * channels, x * channels + 3));
        }
      }
    });
  }

  it("refuses what is not an 8-bit truecolour PNG", () => {
    expect(() => decodePng(Buffer.from("GIF89a"))).toThrow("not a PNG file");
    const grey = encode(1, 3, [[0, 0, 0]]);
    grey[8 + 8 + 9] = 0;
    expect(() => decodePng(grey)).toThrow("unsupported PNG: bit depth 8, colour type 0");
  });
});
