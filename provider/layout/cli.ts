#!/usr/bin/env node
// `trtc-layout`: see command.ts (USAGE) for what it does.

import { runLayoutCommand } from "./command";

process.exitCode = runLayoutCommand(process.argv.slice(2));
