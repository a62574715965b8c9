/** Child processes for benchmarks: the real built server, and resident memory read from /proc. */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_MAIN = path.join(ROOT, 'apps/server/dist/main.js');
const AGENT_BIN = path.join(ROOT, 'apps/agent/bin/fleetmedic-agent.js');

function requireBuilt(file) {
  if (!fs.existsSync(file))
    throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build\` first`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fleetmedic-bench-${prefix}-`));
}

/** Resident set size of a process in bytes (VmRSS), Linux only. */
function residentBytes(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Resolves with the child once a line of its stdout matches `pattern`. */
function startUntil(args, env, pattern, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not print ${pattern} within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    let started = false;
    const onData = (chunk) => {
      output += chunk.toString();
      if (!started && pattern.test(output)) {
        started = true;
        clearTimeout(timer);
        resolve(child);
      }
      // Keep the last lines for a failure report; never let an unread pipe block the child.
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.recentOutput = () => output;
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

async function startServer(dir, extraEnv = {}) {
  requireBuilt(SERVER_MAIN);
  const port = await freePort();
  const secret = 'bench-enroll-secret-0123456789';
  // an admin API token, for the bench's own dashboard connections and REST calls
  const adminToken = 'bench-bootstrap-token-0123456789abcdef';
  // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under load
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = await startUntil(
    [...nodeArgs, SERVER_MAIN],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${path.join(dir, 'fleetmedic.sqlite')}`,
      FLEETMEDIC_DATA_DIR: dir,
      FLEETMEDIC_ENROLL_SECRET: secret,
      FLEETMEDIC_BOOTSTRAP_TOKEN: adminToken,
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    /server listening/,
  );
  return { child, url: `http://127.0.0.1:${port}`, secret, adminToken };
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

module.exports = {
  ROOT,
  AGENT_BIN,
  SERVER_MAIN,
  freePort,
  tempDir,
  residentBytes,
  startUntil,
  startServer,
  stop,
  requireBuilt,
};
