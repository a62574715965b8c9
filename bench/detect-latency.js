#!/usr/bin/env node
/**
 * bench/detect-latency: from sending the report that makes a fingerprint's host count cross the incident
 * threshold to the incident event on /live, p50 and p99 over many trials. Goal: p99 at most 100 ms.
 * Each trial is a fresh fingerprint: one host reports it (below the threshold of 2), then a second does.
 */
'use strict';
const { io } = require('socket.io-client');
const { LIVE_NAMESPACE } = require('@fleetmedic/protocol/constants');
const { report, round } = require('./lib/report');
const { connectAgent, mapLimit, serviceObservation } = require('./lib/agent-client');
const { startServer, stop, tempDir } = require('./lib/processes');

const BENCH = 'detect-latency';
const TRIALS = Number(process.env.BENCH_TRIALS ?? 200);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 50);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const dir = tempDir(BENCH);
  const server = await startServer(dir);
  const agents = [];
  let live;
  try {
    agents.push(
      ...(await mapLimit(
        Array.from({ length: AGENTS }, (_, i) => `LATENCY-PC-${i + 1}`),
        20,
        (hostname) => connectAgent(server.url, server.secret, hostname),
      )),
    );
    live = io(`${server.url}${LIVE_NAMESPACE}`, {
      auth: { token: server.adminToken },
      transports: ['websocket'],
    });
    await new Promise((resolve) => live.once('connect', resolve));
    const waiting = new Map();
    live.on('incident.updated', (incident) => {
      const resolve = waiting.get(incident.fingerprint);
      if (resolve && incident.status === 'open') {
        waiting.delete(incident.fingerprint);
        resolve(process.hrtime.bigint());
      }
    });

    const latencies = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const target = `BenchSvc${trial}`;
      const fingerprint = `service:${target.toLowerCase()}:0x80070057`;
      const first = agents[(2 * trial) % AGENTS];
      const second = agents[(2 * trial + 1) % AGENTS];
      await first.send([serviceObservation(first.agentId, target, true)]);
      const opened = new Promise((resolve) => waiting.set(fingerprint, resolve));
      const sentAt = process.hrtime.bigint();
      await second.send([serviceObservation(second.agentId, target, true)]);
      const openedAt = await opened;
      latencies.push(Number(openedAt - sentAt) / 1e6);
    }
    latencies.sort((a, b) => a - b);
    report(BENCH, 'p50', round(percentile(latencies, 50), 1), 'ms', { trials: TRIALS });
    report(BENCH, 'p99', round(percentile(latencies, 99), 1), 'ms', { trials: TRIALS, goal: 100 });
  } finally {
    live?.close();
    for (const agent of agents) agent.close();
    await stop(server.child);
  }
}

main().catch((error) => {
  process.stderr.write(`${BENCH}: ${error.stack ?? error}\n`);
  process.exit(1);
});
