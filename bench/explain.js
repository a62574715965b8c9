#!/usr/bin/env node
/**
 * bench/explain: `fleetmedic-agent explain --json` on a generated 200 MB CBS.log (real CBS.log lines from
 * the parser fixtures, repeated with advancing timestamps, a case B burst every 2,000 lines), against
 * `grep -c HRESULT` over the same file in the same run: throughput in MB/s and peak resident memory.
 * Peak memory is each child's ru_maxrss, read by a python3 wrapper with getrusage(RUSAGE_CHILDREN) once the
 * child has exited, so no late peak is missed. BENCH_EXPLAIN_MB changes the size.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { report, round } = require('./lib/report');
const { AGENT_BIN, ROOT, requireBuilt, tempDir } = require('./lib/processes');

const BENCH = 'explain';
const TARGET_MB = Number(process.env.BENCH_EXPLAIN_MB ?? 200);
const FIXTURES = path.join(ROOT, 'apps/agent/src/host/windows/parsers/fixtures/cbs-log');
const BURST_EVERY_LINES = 2000;

const MEASURE = `
import json, resource, subprocess, sys, time
start = time.monotonic()
with open(sys.argv[1], 'wb') as out:
    code = subprocess.run(sys.argv[2:], stdout=out).returncode
seconds = time.monotonic() - start
print(json.dumps({"seconds": seconds, "maxRssKb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "exitCode": code}))
`;

function fixtureLines(name) {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split(/\r?\n/)
    .filter((line) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}, /.test(line))
    .map((line) => line.slice('2021-11-22 08:50:03'.length));
}

/** Writes about `mb` MB of CBS.log; answers its size in bytes. */
function generateCbsLog(file, mb) {
  const ordinary = fixtureLines('en-hofcake-cbs-head.log');
  const burst = fixtureLines('case-b-catroot2-kb5005030.log');
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let second = Date.UTC(2021, 10, 1);
  let lineNumber = 0;
  const stamp = () => new Date(second).toISOString().replace('T', ' ').slice(0, 19);
  try {
    while (bytes < mb * 1024 * 1024) {
      const chunk = [];
      for (let i = 0; i < 10_000; i += 1) {
        lineNumber += 1;
        if (lineNumber % 7 === 0) second += 1000;
        const body =
          lineNumber % BURST_EVERY_LINES === 0
            ? burst.map((line) => `${stamp()}${line}`).join('\r\n')
            : `${stamp()}${ordinary[lineNumber % ordinary.length]}`;
        chunk.push(body);
      }
      const text = `${chunk.join('\r\n')}\r\n`;
      fs.writeSync(fd, text);
      bytes += Buffer.byteLength(text);
    }
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

function measure(outputFile, command) {
  const result = spawnSync('python3', ['-c', MEASURE, outputFile, ...command], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function main() {
  requireBuilt(path.join(path.dirname(AGENT_BIN), '..', 'dist', 'cli.js'));
  const dir = tempDir(BENCH);
  try {
    const log = path.join(dir, 'CBS.log');
    const size = generateCbsLog(log, TARGET_MB);
    const megabytes = size / (1024 * 1024);
    const explainOut = path.join(dir, 'explain.json');
    const explain = measure(explainOut, [process.execPath, AGENT_BIN, 'explain', '--json', log]);
    const grep = measure(path.join(dir, 'grep.txt'), ['grep', '-c', 'HRESULT', log]);
    if (explain.exitCode !== 0) throw new Error(`explain exited with ${explain.exitCode}`);
    const json = JSON.parse(fs.readFileSync(explainOut, 'utf8'));
    const caseB = json.errors.find((error) => error.code === '0x8e5e03fa');
    if (!caseB || !json.updates.some((update) => update.kb === 'KB5005030'))
      throw new Error('explain did not find case B (0x8e5e03fa, KB5005030) in the generated log');

    const explainRate = megabytes / explain.seconds;
    const grepRate = megabytes / grep.seconds;
    report(BENCH, 'throughput', round(explainRate, 1), 'MB/s', {
      baseline: round(grepRate, 1),
      ratio: round(explainRate / grepRate),
      fileMB: round(megabytes, 1),
      baselineCommand: 'grep -c HRESULT',
    });
    const mb = (kb) => round(kb / 1024, 1);
    report(BENCH, 'peak_rss', mb(explain.maxRssKb), 'MB', {
      baseline: mb(grep.maxRssKb),
      ratio: round(explain.maxRssKb / grep.maxRssKb, 1),
      fileMB: round(megabytes, 1),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`${BENCH}: ${error.stack ?? error}\n`);
  process.exit(1);
}
