#!/usr/bin/env node
/**
 * bench/agent-footprint: resident memory of an agent process running one simulated PC, against a bare node
 * process holding one socket.io-client connection to the same server, measured in the same run.
 * Goal: ratio at most 1.15.
 */
'use strict';
const path = require('node:path');
const { report, median, round } = require('./lib/report');
const {
  AGENT_BIN,
  requireBuilt,
  residentBytes,
  startServer,
  startUntil,
  stop,
  tempDir,
} = require('./lib/processes');

const BENCH = 'agent-footprint';
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 5000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const SAMPLE_EVERY_MS = 250;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sampleRss(pid) {
  const samples = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    samples.push(residentBytes(pid));
    await sleep(SAMPLE_EVERY_MS);
  }
  return median(samples);
}

async function main() {
  requireBuilt(path.join(path.dirname(AGENT_BIN), '..', 'dist', 'cli.js'));
  const dir = tempDir(BENCH);
  const server = await startServer(dir);
  const children = [server.child];
  try {
    const bare = await startUntil(
      [path.join(__dirname, 'lib/bare-client.js'), server.url, server.adminToken],
      {},
      /connected/,
    );
    children.push(bare);
    const agent = await startUntil(
      [AGENT_BIN, 'simulate', '--server', server.url, '--hosts', '1', '--state-dir', path.join(dir, 'agent')],
      { LOG_LEVEL: 'warn', FLEETMEDIC_ENROLL_SECRET: server.secret },
      /all connected/,
    );
    children.push(agent);
    // Both settle (first snapshot sent and acked, heartbeats running) before memory is read.
    await sleep(WARMUP_MS);
    const [agentRss, bareRss] = await Promise.all([sampleRss(agent.pid), sampleRss(bare.pid)]);
    const mb = (bytes) => round(bytes / (1024 * 1024), 1);
    report(BENCH, 'rss', mb(agentRss), 'MB', {
      baseline: mb(bareRss),
      ratio: round(agentRss / bareRss),
      goal: 1.15,
    });
  } finally {
    for (const child of children.reverse()) await stop(child);
  }
}

main().catch((error) => {
  process.stderr.write(`${BENCH}: ${error.stack ?? error}\n`);
  process.exit(1);
});
