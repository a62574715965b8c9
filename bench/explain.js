#!/usr/bin/env node
/**
 * bench/explain: `fleetmedic-agent explain --json` on a generated 200 MB CBS.log, which it streams in bounded
 * memory, against `grep -c HRESULT` over the same file in the same run: throughput in MB/s and peak
 * resident memory. The log is made of real CBS.log lines from the parser fixtures (the head of a Windows
 * 8.1 log, with its CBS_E_INVALID_PACKAGE failures, and a case B burst every 2,000 lines) with advancing
 * timestamps. BENCH_EXPLAIN_MB changes the size, BENCH_EXPLAIN_RUNS the runs of each command (median time,
 * highest peak).
 *
 * Peak memory is GNU time's "Maximum resident set size" (`/usr/bin/time -f %M`): the kernel's ru_maxrss of
 * the child once it has exited, so a peak just before exit is never missed, as it would be by polling
 * /proc/PID/status (VmHWM goes with the process). ru_maxrss also counts the memory of whatever forked the
 * child until it execs; GNU time is about 1 MB, whereas a Python wrapper (getrusage(RUSAGE_CHILDREN)) or node
 * itself would add its own 10 to 50 MB to grep's 2 MB. Wall time is taken around the child here.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { median, report, round } = require('./lib/report');
const { AGENT_BIN, ROOT, requireBuilt, tempDir } = require('./lib/processes');

const BENCH = 'explain';
const TARGET_MB = Number(process.env.BENCH_EXPLAIN_MB ?? 200);
const RUNS = Number(process.env.BENCH_EXPLAIN_RUNS ?? 3);
const GNU_TIME = '/usr/bin/time';
const FIXTURES = path.join(ROOT, 'apps/agent/src/host/windows/parsers/fixtures/cbs-log');
const BURST_EVERY_LINES = 2000;
const TIMESTAMP_LENGTH = '2021-11-22 08:50:03'.length;

/** A fixture's CBS.log lines without their timestamps. */
function fixtureLines(name) {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split(/\r?\n/)
    .filter((line) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}, /.test(line))
    .map((line) => line.slice(TIMESTAMP_LENGTH));
}

/** Writes about `mb` MB of CBS.log; answers its size in bytes and how many case B bursts it holds. */
function generateCbsLog(file, mb) {
  const ordinary = fixtureLines('en-hofcake-cbs-head.log');
  const burst = fixtureLines('case-b-catroot2-kb5005030.log');
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let bursts = 0;
  let second = Date.UTC(2021, 10, 1);
  let lineNumber = 0;
  const stamp = () => new Date(second).toISOString().replace('T', ' ').slice(0, 19);
  try {
    while (bytes < mb * 1024 * 1024) {
      const chunk = [];
      for (let i = 0; i < 10_000; i += 1) {
        lineNumber += 1;
        if (lineNumber % 7 === 0) second += 1000;
        if (lineNumber % BURST_EVERY_LINES === 0) {
          bursts += 1;
          chunk.push(burst.map((line) => `${stamp()}${line}`).join('\r\n'));
        } else {
          chunk.push(`${stamp()}${ordinary[lineNumber % ordinary.length]}`);
        }
      }
      const text = `${chunk.join('\r\n')}\r\n`;
      fs.writeSync(fd, text);
      bytes += Buffer.byteLength(text);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, bursts };
}

/** Runs `command` under GNU time, stdout to `outputFile`: wall seconds, peak RSS in KiB and exit code. */
function measure(outputFile, command) {
  const rssFile = `${outputFile}.rss`;
  const out = fs.openSync(outputFile, 'w');
  let result;
  const start = process.hrtime.bigint();
  try {
    result = spawnSync(GNU_TIME, ['-f', '%M', '-o', rssFile, ...command], {
      stdio: ['ignore', out, 'pipe'],
      encoding: 'utf8',
    });
  } finally {
    fs.closeSync(out);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error)
    throw new Error(`${GNU_TIME}: ${result.error.message} (GNU time is needed: apt-get install time)`);
  // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
  const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
  const maxRssKb = Number(lines[lines.length - 1]);
  if (!Number.isFinite(maxRssKb))
    throw new Error(`${command.join(' ')}: ${lines.join(' ')} ${result.stderr}`);
  return { seconds, maxRssKb, exitCode: result.status, stderr: result.stderr };
}

function measureRuns(outputFile, command) {
  const runs = Array.from({ length: RUNS }, () => measure(outputFile, command));
  const failed = runs.find((run) => run.exitCode !== 0);
  if (failed) throw new Error(`${command.join(' ')} exited with ${failed.exitCode}: ${failed.stderr}`);
  return {
    seconds: median(runs.map((run) => run.seconds)),
    maxRssKb: Math.max(...runs.map((run) => run.maxRssKb)),
  };
}

/** What explain must have found in the generated log; throws otherwise. */
function checkFindings(json, bursts, hresultLines) {
  const caseB = json.errors.find((error) => error.code === '0x8e5e03fa');
  if (!caseB?.contexts.some((context) => context.target === 'KB5005030'))
    throw new Error('explain did not find case B (0x8e5e03fa for KB5005030) in the generated log');
  if (!json.knownIssues.some((issue) => issue.id === 'catroot2-catalog-database-corrupt' && issue.confirmed))
    throw new Error('explain did not confirm the catroot2 known issue');
  if (caseB.occurrences?.failures !== bursts)
    throw new Error(`explain counted ${caseB.occurrences?.failures} case B failures, the log has ${bursts}`);
  // Every line with HRESULT in this log is a failure line: the counts must add up to grep's.
  const counted = json.errors.reduce((sum, error) => sum + (error.occurrences?.lines ?? 0), 0);
  if (counted !== hresultLines)
    throw new Error(`explain counted ${counted} failure lines, grep -c HRESULT ${hresultLines}`);
}

function main() {
  requireBuilt(path.join(path.dirname(AGENT_BIN), '..', 'dist', 'cli.js'));
  const dir = tempDir(BENCH);
  try {
    const log = path.join(dir, 'CBS.log');
    const { bytes, bursts } = generateCbsLog(log, TARGET_MB);
    const megabytes = bytes / (1024 * 1024);
    const explainOut = path.join(dir, 'explain.json');
    const grepOut = path.join(dir, 'grep.txt');
    const explain = measureRuns(explainOut, [process.execPath, AGENT_BIN, 'explain', '--json', log]);
    const grep = measureRuns(grepOut, ['grep', '-c', 'HRESULT', log]);
    checkFindings(
      JSON.parse(fs.readFileSync(explainOut, 'utf8')),
      bursts,
      Number(fs.readFileSync(grepOut, 'utf8')),
    );

    const explainRate = megabytes / explain.seconds;
    const grepRate = megabytes / grep.seconds;
    const common = { fileMB: round(megabytes, 1), runs: RUNS };
    report(BENCH, 'throughput', round(explainRate, 1), 'MB/s', {
      baseline: round(grepRate, 1),
      ratio: round(explainRate / grepRate),
      ...common,
      baselineCommand: 'grep -c HRESULT',
    });
    const mb = (kb) => round(kb / 1024, 1);
    report(BENCH, 'peak_rss', mb(explain.maxRssKb), 'MB', {
      baseline: mb(grep.maxRssKb),
      ratio: round(explain.maxRssKb / grep.maxRssKb, 1),
      ...common,
      baselineCommand: 'grep -c HRESULT',
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
