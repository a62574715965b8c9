#!/usr/bin/env node
// Entry point on the PATH: the CLI itself is compiled TypeScript in dist/ (run `npm run build` first).
require('../dist/cli.js');
