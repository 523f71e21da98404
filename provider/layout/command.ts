// `trtc-layout`: the layout picture of every CloudRecording in a stack export or a preview, one SVG file each.
// The command's logic, apart from process wiring (cli.ts), so tests run it in-process.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { writeLayoutFiles } from "./files";

export const USAGE = `Usage: trtc-layout [options] [FILE]

Draws the mixed-stream layout of every CloudRecording in a stack export or a preview as one SVG file per
recording, named after the resource.

  pulumi stack export | trtc-layout            what is deployed
  pulumi preview --json | trtc-layout          what the next \`pulumi up\` would deploy

A layout value the program made secret reads as "[secret]": pipe \`pulumi stack export --show-secrets\` to draw it.

FILE                 the JSON of \`pulumi stack export\` or \`pulumi preview --json\`; "-" or none: standard input
Options:
  --out DIR          where the SVG files go (default: layouts)
  --users N          users in the room for the template layouts (floating, screen share, nine-grid)
                     (default: the recording's literal video allowlist, else 4)
  --no-images        draw background and watermark images as outlines only (the SVG then links no URL)
  --help             show this help
`;

export class UsageError extends Error {}

export interface CommandIo {
  /** Reads FILE, or standard input for "-". */
  read(file: string): string;
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  read: (file) => {
    // Waiting on a terminal for JSON nobody will type would look like a hang.
    if (file === "-" && process.stdin.isTTY) throw new Error("nothing is piped in (give FILE, or pipe the JSON in)");
    return readFileSync(file === "-" ? 0 : file, "utf8");
  },
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

interface Parsed {
  file: string;
  out: string;
  users?: number;
  images: "link" | "outline";
}

function parse(argv: string[]): Parsed | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      out: { type: "string", short: "o" },
      users: { type: "string" },
      "no-images": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  if (positionals.length > 1) throw new UsageError(`one FILE at most, got ${positionals.length}`);
  let users: number | undefined;
  if (values.users !== undefined) {
    if (!/^\d+$/.test(values.users)) throw new UsageError(`--users must be a whole number, got "${values.users}"`);
    users = Number(values.users);
  }
  return {
    file: positionals[0] ?? "-",
    out: values.out ?? "layouts",
    ...(users !== undefined ? { users } : {}),
    images: values["no-images"] ? "outline" : "link",
  };
}

/** Runs the command; returns the exit code (0 done, 1 unreadable input, 2 bad usage). */
export function runLayoutCommand(argv: string[], io: CommandIo = processIo): number {
  let parsed: Parsed | undefined;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`trtc-layout: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!parsed) {
    io.out(USAGE);
    return 0;
  }
  const where = parsed.file === "-" ? "standard input" : parsed.file;
  let document: unknown;
  try {
    document = JSON.parse(io.read(parsed.file));
  } catch (error) {
    io.err(`trtc-layout: cannot read ${where} as JSON: ${(error as Error).message}\n`);
    return 1;
  }
  let result: ReturnType<typeof writeLayoutFiles>;
  try {
    result = writeLayoutFiles(document, parsed.out, {
      images: parsed.images,
      ...(parsed.users !== undefined ? { users: parsed.users } : {}),
    });
  } catch (error) {
    io.err(`trtc-layout: ${where}: ${(error as Error).message}\n`);
    return 1;
  }
  for (const { file, summary, recording } of result.written) {
    io.out(`${file}  ${recording.name}: ${summary}${recording.op ? ` (preview: ${recording.op})` : ""}\n`);
  }
  for (const { recording, reason } of result.skipped) io.out(`skipped ${recording.name}: ${reason}\n`);
  if (result.written.length + result.skipped.length === 0) io.out(`no CloudRecording in this ${result.kind}\n`);
  return 0;
}
