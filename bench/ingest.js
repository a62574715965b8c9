#!/usr/bin/env node
/**
 * bench/ingest: observations per second through the whole path — 200 agents over real socket.io →
 * validation → dedupe → storage → correlation — against a raw batched SQLite insert of the same rows into
 * the same table, in the same run. Goal: ratio at least 0.3.
 */
'use strict';
const path = require('node:path');
const sqlite3 = require('sqlite3');
const { report, round } = require('./lib/report');
const { connectAgent, mapLimit, serviceObservation } = require('./lib/agent-client');
const { startServer, stop, tempDir } = require('./lib/processes');

const BENCH = 'ingest';
const AGENTS = Number(process.env.BENCH_AGENTS ?? 200);
const BATCHES_PER_AGENT = Number(process.env.BENCH_BATCHES ?? 20);
const OBSERVATIONS_PER_BATCH = Number(process.env.BENCH_BATCH_SIZE ?? 100);
let lastServer = null;
const SERVICES = [
  'Spooler',
  'CryptSvc',
  'wuauserv',
  'BITS',
  'Dnscache',
  'EventLog',
  'LanmanWorkstation',
  'W32Time',
  'Winmgmt',
  'AppIDSvc',
];

/** One agent's batches: its services cycling; every tenth observation flips a service, so correlation has work. */
function batchesFor(agentId, agentIndex) {
  const batches = [];
  let n = 0;
  for (let b = 0; b < BATCHES_PER_AGENT; b += 1) {
    const batch = [];
    for (let o = 0; o < OBSERVATIONS_PER_BATCH; o += 1, n += 1) {
      const target = SERVICES[n % SERVICES.length];
      const failing = n % 10 === 0 && (Math.floor(n / 10) + agentIndex) % 2 === 0;
      batch.push(
        serviceObservation(
          agentId,
          target,
          failing,
          `0x8007${(0x100 + (agentIndex % 50)).toString(16).padStart(4, '0')}`,
        ),
      );
    }
    batches.push(batch);
  }
  return batches;
}

function run(db, sql, params = []) {
  return new Promise((resolve, reject) =>
    db.run(sql, params, (error) => (error ? reject(error) : resolve())),
  );
}

/** The baseline: the same rows, straight into a copy of the observation table, 80 rows per INSERT, 1,000 per transaction. */
async function rawInsertRate(rows, dir) {
  const db = new sqlite3.Database(path.join(dir, 'baseline.sqlite'));
  await run(db, 'PRAGMA journal_mode=WAL');
  await run(
    db,
    `CREATE TABLE observation (id varchar(36) PRIMARY KEY NOT NULL, host_id varchar(36) NOT NULL, "check" varchar(16) NOT NULL,
      target varchar(256) NOT NULL, status varchar(16) NOT NULL, code varchar(10), code_original varchar(64), facts text NOT NULL,
      evidence text NOT NULL, reason varchar(16) NOT NULL, observed_at varchar(32) NOT NULL, received_at varchar(32) NOT NULL)`,
  );
  await run(db, 'CREATE INDEX observation_host_observed ON observation (host_id, observed_at)');
  await run(db, 'CREATE INDEX observation_check_target_code ON observation ("check", target, code)');
  const started = process.hrtime.bigint();
  const receivedAt = new Date().toISOString();
  for (let i = 0; i < rows.length; i += 1000) {
    await run(db, 'BEGIN');
    const chunk = rows.slice(i, i + 1000);
    for (let j = 0; j < chunk.length; j += 80) {
      const part = chunk.slice(j, j + 80);
      const params = part.flatMap((o) => [
        o.id,
        o.hostId,
        o.check,
        o.target,
        o.status,
        o.code,
        o.codeOriginal,
        JSON.stringify(o.facts),
        JSON.stringify(o.evidence),
        o.reason,
        o.observedAt,
        receivedAt,
      ]);
      await run(
        db,
        `INSERT INTO observation VALUES ${part.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
        params,
      );
    }
    await run(db, 'COMMIT');
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await new Promise((resolve) => db.close(resolve));
  return rows.length / seconds;
}

async function main() {
  const dir = tempDir(BENCH);
  const server = await startServer(dir);
  lastServer = server;
  let agents = [];
  try {
    agents = await mapLimit(
      Array.from({ length: AGENTS }, (_, i) => `BENCH-PC-${String(i + 1).padStart(3, '0')}`),
      20,
      (hostname) => connectAgent(server.url, server.secret, hostname),
    );
    const work = agents.map((agent, index) => batchesFor(agent.agentId, index));
    const total = work.reduce((sum, batches) => sum + batches.length * OBSERVATIONS_PER_BATCH, 0);
    const started = process.hrtime.bigint();
    // Each agent sends its next batch as soon as the previous one is acknowledged, as the real agent does.
    const stored = await Promise.all(
      agents.map(async (agent, index) => {
        let count = 0;
        for (const batch of work[index]) count += (await agent.send(batch)).stored;
        return count;
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const storedTotal = stored.reduce((a, b) => a + b, 0);
    if (storedTotal !== total) throw new Error(`stored ${storedTotal} of ${total} observations`);
    const throughput = total / seconds;
    const baseline = await rawInsertRate(work.flat(2), dir);
    report(BENCH, 'observations_per_second', Math.round(throughput), 'obs/s', {
      baseline: Math.round(baseline),
      ratio: round(throughput / baseline),
      goal: 0.3,
      agents: AGENTS,
      observations: total,
    });
  } finally {
    for (const agent of agents) agent.close();
    await stop(server.child);
  }
}

main().catch((error) => {
  if (lastServer)
    process.stderr.write(
      `${BENCH}: the server's last output:\n${lastServer.child.recentOutput().slice(-4000)}\n`,
    );
  process.stderr.write(`${BENCH}: ${error.stack ?? error}\n`);
  process.exit(1);
});
