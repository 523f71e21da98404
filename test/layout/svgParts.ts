// Reads back what a layout SVG draws, for assertions: the pictures' boxes and the watermarks, with their attributes.
// The renderer writes one element a line in a fixed form; these patterns follow that form and fail loudly when it
// changes (no box found).

export interface DrawnBox {
  role: string;
  user?: string;
  index?: number;
  layer: number;
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
}

export interface DrawnWatermark {
  kind: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The whole `<g>` element. */
  element: string;
}

function attributes(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of text.matchAll(/([\w:-]+)="([^"]*)"/g)) found[match[1] ?? ""] = match[2] ?? "";
  return found;
}

/** Undoes escapeXml's entities (for comparing attribute values with the inputs). */
export function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : name === "gt" ? ">" : name === "quot" ? '"' : "'",
  );
}

/** The pictures in document order (back to front). */
export function boxesOf(svg: string): DrawnBox[] {
  const pattern = /<g class="picture" ([^>]*)><clipPath [^>]*><rect [^>]*\/><\/clipPath><rect class="box" ([^>]*)\/>/g;
  return [...svg.matchAll(pattern)].map((match) => {
    const group = attributes(match[1] ?? "");
    const rect = attributes(match[2] ?? "");
    return {
      role: group["data-role"] ?? "",
      ...(group["data-user"] !== undefined ? { user: unescapeXml(group["data-user"]) } : {}),
      ...(group["data-index"] !== undefined ? { index: Number(group["data-index"]) } : {}),
      layer: Number(group["data-layer"]),
      x: Number(rect.x),
      y: Number(rect.y),
      width: Number(rect.width),
      height: Number(rect.height),
      fill: rect.fill ?? "",
    };
  });
}

export function watermarksOf(svg: string): DrawnWatermark[] {
  return [...svg.matchAll(/<g class="watermark" data-kind="(\w+)"[^>]*>.*?<\/g>/g)].map((match) => {
    const element = match[0];
    const rect = attributes(/<rect ([^>]*)\/>/.exec(element)?.[1] ?? "");
    return {
      kind: match[1] ?? "",
      x: Number(rect.x),
      y: Number(rect.y),
      width: Number(rect.width),
      height: Number(rect.height),
      element,
    };
  });
}

export function canvasOfSvg(svg: string): { width: number; height: number; fill: string } {
  const root = attributes(/<svg ([^>]*)>/.exec(svg)?.[1] ?? "");
  const background = attributes(/<rect class="background" ([^>]*)\/>/.exec(svg)?.[1] ?? "");
  return { width: Number(root.width), height: Number(root.height), fill: background.fill ?? "" };
}

export function descOf(svg: string): string {
  return unescapeXml(/<desc>([\s\S]*?)<\/desc>/.exec(svg)?.[1] ?? "");
}
