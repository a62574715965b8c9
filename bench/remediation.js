#!/usr/bin/env node
/**
 * bench/remediation: a real server and 50 simulated PCs (the built agent's `simulate`), case A on 5 of them,
 * one approval. Measures from the approval's request to the canary's job running on its PC (goal: at most
 * 1 s), to every PC verified fixed (the rollout completed), and to the incident resolved (which adds the
 * incident settle time, shortened here to BENCH_SETTLE_MS). Median and worst of BENCH_ROUNDS fresh fleets.
 */
'use strict';
const path = require('node:path');
const { io } = require('socket.io-client');
const { LIVE_NAMESPACE } = require('@fleetmedic/protocol/constants');
const { report, median, round } = require('./lib/report');
const { AGENT_BIN, startServer, startUntil, stop, tempDir } = require('./lib/processes');

const BENCH = 'remediation';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 50);
const AFFECTED = 5;
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);

function waitFor(live, event, test) {
  return new Promise((resolve) => {
    const listener = (payload) => {
      if (!test(payload)) return;
      live.off(event, listener);
      resolve({ payload, at: performance.now() });
    };
    live.on(event, listener);
  });
}

async function round1(index) {
  const dir = tempDir(`${BENCH}-${index}`);
  const server = await startServer(dir, { FLEETMEDIC_INCIDENT_SETTLE_MS: String(SETTLE_MS) });
  let fleet;
  let live;
  try {
    live = io(`${server.url}${LIVE_NAMESPACE}`, {
      auth: { token: server.adminToken },
      transports: ['websocket'],
    });
    await new Promise((resolve) => live.once('connect', resolve));
    const formed = waitFor(live, 'incident.updated', (incident) => incident.failingHostCount === AFFECTED);
    fleet = await startUntil(
      [
        AGENT_BIN,
        'simulate',
        '--server',
        server.url,
        '--hosts',
        String(HOSTS),
        '--state-dir',
        path.join(dir, 'fleet'),
        '--probe-interval',
        '500',
        '--scenario',
        'case-a',
        '--affected',
        String(AFFECTED),
        '--seed',
        String(20 + index),
      ],
      { FLEETMEDIC_ENROLL_SECRET: server.secret, LOG_LEVEL: 'warn' },
      /./,
      120_000,
    );
    const incident = (await formed).payload;

    const canaryRunning = waitFor(live, 'job.updated', (job) => job.canary && job.status === 'running');
    const completed = waitFor(live, 'rollout.updated', (rollout) => rollout.status !== 'running');
    const resolved = waitFor(
      live,
      'incident.updated',
      (summary) => summary.id === incident.id && summary.status === 'resolved',
    );
    const approvedAt = performance.now();
    const response = await fetch(`${server.url}/api/incidents/${incident.id}/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (response.status !== 201)
      throw new Error(`approval answered ${response.status}: ${await response.text()}`);
    const canary = await canaryRunning;
    const rollout = await completed;
    if (rollout.payload.status !== 'completed')
      throw new Error(`the rollout ended ${rollout.payload.status}: ${rollout.payload.reason}`);
    const done = await resolved;
    return {
      canaryMs: canary.at - approvedAt,
      verifiedMs: rollout.at - approvedAt,
      resolvedMs: done.at - approvedAt,
    };
  } finally {
    live?.close();
    if (fleet) await stop(fleet);
    await stop(server.child);
  }
}

async function main() {
  const rounds = [];
  for (let index = 0; index < ROUNDS; index += 1) rounds.push(await round1(index));
  const summary = (metric, key, extra) => {
    const values = rounds.map((round) => round[key]);
    report(BENCH, metric, round(median(values), 1), 'ms', {
      worst: round(Math.max(...values), 1),
      rounds: ROUNDS,
      hosts: HOSTS,
      affected: AFFECTED,
      ...extra,
    });
  };
  summary('approval-to-canary-running', 'canaryMs', { goal: 1000 });
  summary('approval-to-all-verified', 'verifiedMs', {});
  summary('approval-to-resolved', 'resolvedMs', { settleMs: SETTLE_MS, goal: 60_000 });
}

main().catch((error) => {
  process.stderr.write(`${BENCH}: ${error.stack ?? error}\n`);
  process.exit(1);
});
