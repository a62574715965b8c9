#!/usr/bin/env node
/** `npm run bench`: every benchmark in turn (or those named on the command line); JSON lines on stdout. */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const all = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith('.js') && file !== 'run.js' && !file.startsWith('eslint'))
  .map((file) => file.replace(/\.js$/, ''));
const chosen = process.argv.length > 2 ? process.argv.slice(2) : all;
let failed = false;
for (const name of chosen) {
  if (!all.includes(name)) {
    process.stderr.write(`bench: no benchmark named ${name}; there are: ${all.join(', ')}\n`);
    process.exit(2);
  }
  const result = spawnSync(process.execPath, [path.join(__dirname, `${name}.js`)], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
