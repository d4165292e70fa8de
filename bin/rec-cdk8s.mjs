#!/usr/bin/env node
// The published CLI runs the compiled code (npm run build, run by `prepare` on install).
await import('../build/lib/cli/entry.js');
