#!/usr/bin/env node
/**
 * `npm start`: the FleetMedic server on the embedded SQLite default with a simulated fleet of 20 PCs, on
 * which field case A plays out shortly after every PC has reported (3 PCs, amid unrelated noise), so that
 * the dashboard shows one incident forming. Prints the dashboard URL once every simulated PC is connected;
 * Ctrl+C stops everything. PORT, DATABASE_URL (default: fleetmedic.sqlite in the data directory),
 * FLEETMEDIC_INCIDENT_SETTLE_MS (30 s here), FLEETMEDIC_ENROLL_SECRET, FLEETMEDIC_DEMO_HOSTS,
 * FLEETMEDIC_DEMO_SCENARIO (case-a, case-b or none: a healthy fleet without noise) and
 * FLEETMEDIC_DEMO_CONNECT_TIMEOUT_MS (how long the fleet may take to connect, 120000 by default) are
 * honoured. It signs in users `admin`, `approver`, `operator` and `viewer`, one per role, all with the
 * password in FLEETMEDIC_DEMO_PASSWORD or else one generated once and kept in `<data dir>/demo-password`,
 * and prints how to sign in.
 */
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const port = process.env.PORT || '8080';
const hosts = process.env.FLEETMEDIC_DEMO_HOSTS || '20';
const dataDir = path.resolve(root, process.env.FLEETMEDIC_DATA_DIR || 'data');
const connectTimeoutMs = Number(process.env.FLEETMEDIC_DEMO_CONNECT_TIMEOUT_MS || 120_000);
const scenario = process.env.FLEETMEDIC_DEMO_SCENARIO || 'case-a';
const serverUrl = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.DATABASE_URL || `sqlite:${path.join(dataDir, 'fleetmedic.sqlite')}`;
/** A fixed PC counts as recovered after this long; shorter than the server's default, so a fix shows soon. */
const settleMs = process.env.FLEETMEDIC_INCIDENT_SETTLE_MS || '30000';
const children = [];

/** The programs the demo runs; the demo's spec swaps in stand-ins. */
const ENTRIES = {
  server: path.join(root, 'apps/server/dist/main.js'),
  agent: path.join(root, 'apps/agent/bin/fleetmedic-agent.js'),
};

/** What the demo plays on its fleet: `simulate --scenario` (apps/agent/src/simulate/scenarios.ts). */
const SCENARIOS = {
  'case-a': 'case A: the Print Spooler fails to start with 0x80070057 on PCs with the Rpc\\Internet key',
  'case-b': 'case B: KB5005030 fails with 0x8e5e03fa on PCs whose catalog database is corrupt',
  none: null,
};
const DEMO_AFFECTED = 3;
const DEMO_NOISE = '0.02';
/** Long enough to open the dashboard and watch the incident form. */
const DEMO_SCENARIO_DELAY_MS = 10_000;
/** One demo user per role, highest first. */
const DEMO_USERS = ['admin', 'approver', 'operator', 'viewer'];
/** The demo's own admin API token (FLEETMEDIC_BOOTSTRAP_TOKEN), new at every start and never printed. */
const bootstrapToken = randomBytes(32).toString('base64url');

/** What `simulate` prints once every PC is connected (allConnectedLine in apps/agent/src/cli/simulate-command.ts). */
const ALL_CONNECTED = /\ball connected\b/;

function start(name, args, env, stdout = 'inherit') {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`demo: ${name} exited (${signal || code}); stopping\n`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = setTimeout(() => process.exit(exitCode), 10_000);
  deadline.unref();
  Promise.all(
    children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null)),
  ).then(() => process.exit(exitCode));
}

async function waitForHealth(timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(`${serverUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not answer ${serverUrl}/api/health within ${timeoutMs / 1000} s`);
}

/**
 * Resolves once the simulator's `stdout` says every PC is connected; rejects after `timeoutMs`, or if the
 * simulator stops first. What it prints is passed on to the demo's own stdout all along.
 */
function fleetConnected(stdout, timeoutMs) {
  stdout.pipe(process.stdout, { end: false });
  const fleet = `the simulated fleet of ${hosts} PCs`;
  return new Promise((resolve, reject) => {
    let partial = '';
    const settle = (error) => {
      clearTimeout(timer);
      stdout.off('data', onData);
      stdout.off('end', onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop();
      if (lines.some((line) => ALL_CONNECTED.test(line))) settle();
    };
    const onEnd = () => settle(new Error(`${fleet} stopped before it had connected`));
    const timer = setTimeout(
      () =>
        settle(
          new Error(
            `${fleet} did not connect within ${timeoutMs / 1000} s (its log is above; LOG_LEVEL=info shows more)`,
          ),
        ),
      timeoutMs,
    );
    stdout.on('data', onData);
    stdout.on('end', onEnd);
  });
}

function enrollSecret() {
  if (process.env.FLEETMEDIC_ENROLL_SECRET) return process.env.FLEETMEDIC_ENROLL_SECRET;
  // Without one in the environment the server generates and keeps one in the data directory.
  return fs.readFileSync(path.join(dataDir, 'enroll-secret'), 'utf8').trim();
}

/** FLEETMEDIC_DEMO_PASSWORD, or the one generated at the first demo and kept in the data directory. */
function demoPassword() {
  if (process.env.FLEETMEDIC_DEMO_PASSWORD) return process.env.FLEETMEDIC_DEMO_PASSWORD;
  const file = path.join(dataDir, 'demo-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const generated = randomBytes(9).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${generated}\n`, { mode: 0o600 });
  return generated;
}

async function api(method, route, body) {
  const response = await fetch(`${serverUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${bootstrapToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`${method} ${route} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** Every demo user exists with its role and the demo password (set again, in case it was changed). */
async function ensureDemoUsers(password) {
  const { users } = await api('GET', '/api/users');
  for (const username of DEMO_USERS) {
    const existing = users.find((user) => user.username === username);
    if (existing)
      await api('PATCH', `/api/users/${existing.id}`, { role: username, password, disabled: false });
    else await api('POST', '/api/users', { username, password, role: username });
  }
}

/** Three PCs, or every PC of a smaller fleet. */
function demoAffected() {
  return Math.min(DEMO_AFFECTED, Number(hosts) || DEMO_AFFECTED);
}

/** The `simulate` arguments of the scenario, none for a plain fleet. */
function scenarioArgs() {
  if (SCENARIOS[scenario] === null) return [];
  return [
    '--scenario',
    scenario,
    '--affected',
    String(demoAffected()),
    '--noise',
    DEMO_NOISE,
    '--scenario-delay',
    String(DEMO_SCENARIO_DELAY_MS),
  ];
}

function scenarioBanner() {
  const change = 'FLEETMEDIC_DEMO_SCENARIO=case-a, case-b or none changes it.';
  if (SCENARIOS[scenario] === null) return `  Scenario:   none, a healthy fleet. ${change}`;
  return [
    `  Scenario:   ${SCENARIOS[scenario]},`,
    `              on ${demoAffected()} PCs about ${DEMO_SCENARIO_DELAY_MS / 1000} s after every PC has reported, amid unrelated noise`,
    `              (${DEMO_NOISE} failures per PC per minute, and a flapping service).`,
    `              ${change}`,
  ].join('\n');
}

async function runDemo(entries) {
  if (!(connectTimeoutMs > 0)) {
    throw new Error('FLEETMEDIC_DEMO_CONNECT_TIMEOUT_MS must be a number of milliseconds above 0');
  }
  if (!Object.hasOwn(SCENARIOS, scenario)) {
    throw new Error(
      `FLEETMEDIC_DEMO_SCENARIO must be one of ${Object.keys(SCENARIOS).join(', ')} (got ${JSON.stringify(scenario)})`,
    );
  }
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
  const password = demoPassword();
  if (password.length < 12) throw new Error('FLEETMEDIC_DEMO_PASSWORD must be at least 12 characters');
  start('server', [entries.server], {
    PORT: port,
    FLEETMEDIC_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    FLEETMEDIC_INCIDENT_SETTLE_MS: settleMs,
    FLEETMEDIC_BOOTSTRAP_TOKEN: bootstrapToken,
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
  });
  await waitForHealth(60_000);
  await ensureDemoUsers(password);
  const fleet = start(
    'simulated fleet',
    [
      entries.agent,
      'simulate',
      '--server',
      serverUrl,
      '--hosts',
      hosts,
      '--state-dir',
      path.join(dataDir, 'demo-fleet'),
      ...scenarioArgs(),
    ],
    // Through the environment, not argv, so that the secret does not show in the process list.
    { LOG_LEVEL: process.env.LOG_LEVEL || 'warn', FLEETMEDIC_ENROLL_SECRET: enrollSecret() },
    'pipe',
  );
  await fleetConnected(fleet.stdout, connectTimeoutMs);
  process.stdout.write(
    [
      '',
      `FleetMedic is running with a simulated fleet of ${hosts} PCs.`,
      `  Dashboard:  http://localhost:${port}/`,
      `  Sign in:    admin / ${password}`,
      `              (approver, operator and viewer have the same password and the role of their name)`,
      `  API docs:   http://localhost:${port}/api/docs`,
      `  Database:   ${databaseUrl}`,
      scenarioBanner(),
      scenario === 'none'
        ? ''
        : `  Fix it:     sign in as approver, open the incident and approve its fix: one PC first, then the rest;\n` +
          `              the incident resolves ${Number(settleMs) / 1000} s after the last PC is fixed (FLEETMEDIC_INCIDENT_SETTLE_MS).`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

function main(entries = ENTRIES) {
  runDemo(entries).catch((error) => {
    if (stopping) return; // a child exited: that was reported already
    process.stderr.write(`demo: ${error.message}; stopping\n`);
    stop(1);
  });
}

if (require.main === module) main();

module.exports = { ALL_CONNECTED, main };
