#!/usr/bin/env node
/**
 * bench/alert-latency: from the last report of a burst to the chat message arriving at a webhook receiver,
 * p50 and p99 over many bursts, against the configured group wait (the message is meant to go once the burst
 * has been quiet for the group wait: what is measured beyond it is FleetMedic's own delay).
 *
 * The real built server, real socket.io agents, a real HTTP receiver on this machine (a generic, signed
 * webhook channel). Each burst is a fresh fingerprint that BURST_HOSTS agents report within a few hundred
 * milliseconds; bursts start BENCH_STAGGER_MS apart and overlap, as independent incidents do in a fleet.
 * Knobs: BENCH_BURSTS (30), BENCH_GROUP_WAIT_MS (the server's default when unset), BENCH_STAGGER_MS (1000).
 */
'use strict';
const http = require('node:http');
const { report, round } = require('./lib/report');
const { connectAgent, mapLimit, serviceObservation } = require('./lib/agent-client');
const { startServer, stop, tempDir } = require('./lib/processes');

const BENCH = 'alert-latency';
const BURSTS = Number(process.env.BENCH_BURSTS ?? 30);
const STAGGER_MS = Number(process.env.BENCH_STAGGER_MS ?? 1000);
const BURST_HOSTS = 5;
const REPORT_SPACING_MS = 100;
/** The server's default group wait (FLEETMEDIC_ALERT_GROUP_WAIT_MS), unless the bench is told otherwise. */
const GROUP_WAIT_MS = Number(process.env.BENCH_GROUP_WAIT_MS ?? 5000);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A receiver that notes when each incident's first message arrived (by the service name it is about). */
async function startReceiver() {
  const arrivals = new Map();
  const counts = new Map();
  const waiting = new Map();
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const at = process.hrtime.bigint();
      response.writeHead(204).end();
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return;
      }
      const target = body.incident?.target;
      if (!target) return;
      counts.set(target, (counts.get(target) ?? 0) + 1);
      if (!arrivals.has(target)) {
        arrivals.set(target, at);
        waiting.get(target)?.(at);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/fleetmedic`,
    counts,
    arrival(target) {
      if (arrivals.has(target)) return Promise.resolve(arrivals.get(target));
      return new Promise((resolve) => waiting.set(target, resolve));
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function createChannel(server, url) {
  const response = await fetch(`${server.url}/api/channels`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'bench receiver',
      type: 'webhook',
      webhookUrl: url,
      signingSecret: 'bench-signing-secret',
      // the measure is the grouping and delivery path, not the default 60-a-minute pacing
      ratePerMinute: 600,
    }),
  });
  if (response.status !== 201) throw new Error(`channel: ${response.status} ${await response.text()}`);
}

async function main() {
  const dir = tempDir(BENCH);
  const receiver = await startReceiver();
  const env = { FLEETMEDIC_ALERT_ALLOW_HTTP: 'true', FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1' };
  if (process.env.BENCH_GROUP_WAIT_MS) env.FLEETMEDIC_ALERT_GROUP_WAIT_MS = process.env.BENCH_GROUP_WAIT_MS;
  const server = await startServer(dir, env);
  const agents = [];
  try {
    await createChannel(server, receiver.url);
    agents.push(
      ...(await mapLimit(
        Array.from({ length: BURST_HOSTS }, (_, i) => `ALERT-PC-${i + 1}`),
        BURST_HOSTS,
        (hostname) => connectAgent(server.url, server.secret, hostname),
      )),
    );

    const burst = async (index) => {
      const target = `AlertBenchSvc${index}`;
      let lastReportAt = 0n;
      for (const [i, agent] of agents.entries()) {
        if (i > 0) await sleep(REPORT_SPACING_MS);
        lastReportAt = process.hrtime.bigint();
        await agent.send([serviceObservation(agent.agentId, target, true)]);
      }
      const arrivedAt = await receiver.arrival(target);
      return { target, latencyMs: Number(arrivedAt - lastReportAt) / 1e6 };
    };

    const runs = [];
    for (let index = 0; index < BURSTS; index += 1) {
      runs.push(burst(index));
      await sleep(STAGGER_MS);
    }
    const results = await Promise.all(runs);
    const latencies = results.map((result) => result.latencyMs).sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const extra = { bursts: BURSTS, hostsPerBurst: BURST_HOSTS, groupWaitMs: GROUP_WAIT_MS };
    report(BENCH, 'p50', round(p50, 1), 'ms', {
      ...extra,
      baseline: GROUP_WAIT_MS,
      ratio: round(p50 / GROUP_WAIT_MS),
    });
    report(BENCH, 'p99', round(p99, 1), 'ms', {
      ...extra,
      baseline: GROUP_WAIT_MS,
      ratio: round(p99 / GROUP_WAIT_MS),
    });
    report(BENCH, 'p50-beyond-group-wait', round(p50 - GROUP_WAIT_MS, 1), 'ms', extra);
    report(BENCH, 'p99-beyond-group-wait', round(p99 - GROUP_WAIT_MS, 1), 'ms', { ...extra, goal: 1000 });
    // One message per burst: the webhook never heard twice about one incident's opening.
    const messages = results.map((result) => receiver.counts.get(result.target) ?? 0);
    report(BENCH, 'messages-per-burst-max', Math.max(...messages), 'count', extra);
  } finally {
    for (const agent of agents) agent.close();
    await stop(server.child);
    await receiver.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${BENCH}: ${error.stack ?? error}\n`);
  process.exit(1);
});
