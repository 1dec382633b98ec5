#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// exitCode (not exit()) lets a large --json output finish flushing to a pipe.
process.exitCode = await main(process.argv.slice(2));
