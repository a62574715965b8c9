/**
 * tools/demo.js (`npm start`) with stand-ins for the server and the simulator: it says FleetMedic is running
 * only once the simulator reports every PC connected, and gives up clearly when that never comes. It lives
 * here because the line it waits for is the `simulate` command's (allConnectedLine) to keep.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '../testing/agents-test-server';
import { allConnectedLine } from './simulate-command';

const DEMO = resolve(__dirname, '../../../../tools/demo.js');
const RUNNING = 'FleetMedic is running';

/**
 * Answers health, and keeps users as the real server's /api/users does (for the bootstrap token only),
 * writing every users request it got to `requests.json` beside it.
 */
const STAND_IN_SERVER = `
const fs = require('node:fs');
const users = [];
const requests = [];
require('node:http')
  .createServer((request, response) => {
    if (request.url === '/api/health') return response.writeHead(200).end('{}');
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const json = body ? JSON.parse(body) : undefined;
      requests.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body: json });
      fs.writeFileSync(__dirname + '/requests.json', JSON.stringify(requests));
      if (request.headers.authorization !== 'Bearer ' + process.env.FLEETMEDIC_BOOTSTRAP_TOKEN)
        return response.writeHead(401).end('{}');
      if (request.method === 'GET' && request.url === '/api/users')
        return response.writeHead(200).end(JSON.stringify({ users }));
      if (request.method === 'POST' && request.url === '/api/users') {
        users.push({ id: String(users.length + 1), username: json.username, role: json.role });
        return response.writeHead(201).end('{}');
      }
      if (request.method === 'PATCH') return response.writeHead(200).end('{}');
      response.writeHead(404).end('{}');
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
`;

/** A simulator that prints its `all connected` line after `afterMs`, or never; it keeps its arguments. */
const standInSimulator = (afterMs: number | null, argsFile: string): string => `
require('node:fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)));
const line = ${JSON.stringify(allConnectedLine({ hosts: 2, seed: 1, server: 'http://127.0.0.1', stateDir: 'fleet' }, 300))};
${afterMs === null ? '' : `setTimeout(() => process.stdout.write('enrolling…\\n' + line + '\\n'), ${afterMs});`}
setInterval(() => undefined, 60_000);
`;

interface DemoRun {
  demo: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout contains `text`. */
  printed: (text: string) => Promise<void>;
  exited: Promise<number | null>;
}

describe('tools/demo.js', () => {
  let dir: string;
  let run: DemoRun | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-'));
    await writeFile(join(dir, 'server.js'), STAND_IN_SERVER);
  });

  afterEach(async () => {
    if (run !== undefined && run.demo.exitCode === null && run.demo.signalCode === null) {
      run.demo.kill('SIGTERM');
      await run.exited;
    }
    run = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const simulatorArgs = async (): Promise<string[]> =>
    JSON.parse(await readFile(join(dir, 'simulator-args.json'), 'utf8')) as string[];

  const startDemo = async (
    simulatorAfterMs: number | null,
    connectTimeoutMs: number,
    env: Record<string, string> = {},
  ): Promise<DemoRun> => {
    await writeFile(
      join(dir, 'simulator.js'),
      standInSimulator(simulatorAfterMs, join(dir, 'simulator-args.json')),
    );
    const entries = { server: join(dir, 'server.js'), agent: join(dir, 'simulator.js') };
    const demo = spawn(
      process.execPath,
      ['-e', `require(${JSON.stringify(DEMO)}).main(${JSON.stringify(entries)})`],
      {
        env: {
          ...process.env,
          PORT: String(await findFreePort()),
          FLEETMEDIC_DATA_DIR: join(dir, 'data'),
          FLEETMEDIC_ENROLL_SECRET: 'demo-secret',
          FLEETMEDIC_DEMO_HOSTS: '2',
          FLEETMEDIC_DEMO_CONNECT_TIMEOUT_MS: String(connectTimeoutMs),
          FLEETMEDIC_DEMO_SCENARIO: '',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    demo.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    demo.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = once(demo, 'exit').then(([code]) => code as number | null);
    const printed = (text: string): Promise<void> =>
      new Promise((resolvePrinted) => {
        const check = (): void => {
          if (!stdout.includes(text)) return;
          demo.stdout.off('data', check);
          resolvePrinted();
        };
        demo.stdout.on('data', check);
        check();
      });
    return { demo, stdout: () => stdout, stderr: () => stderr, printed, exited };
  };

  it('says FleetMedic is running only after the simulator reports every PC connected', async () => {
    run = await startDemo(300, 10_000);
    await run.printed(RUNNING);
    const output = run.stdout();
    expect(output.indexOf('all connected')).toBeGreaterThanOrEqual(0);
    expect(output.indexOf('all connected')).toBeLessThan(output.indexOf(RUNNING));

    run.demo.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('plays case A on a few PCs amid noise by default, and says so', async () => {
    run = await startDemo(300, 10_000);
    await run.printed(RUNNING);
    const args = await simulatorArgs();
    // Three PCs by default; the fleet of this spec has only two.
    expect(args.slice(args.indexOf('--scenario'))).toEqual([
      '--scenario',
      'case-a',
      '--affected',
      '2',
      '--noise',
      '0.02',
      '--scenario-delay',
      '10000',
    ]);
    expect(run.stdout()).toMatch(
      /Scenario: +case A: the Print Spooler fails to start with 0x80070057.*\n.*on 2 PCs/,
    );
  });

  it('plays case B, or nothing, when FLEETMEDIC_DEMO_SCENARIO says so', async () => {
    run = await startDemo(300, 10_000, { FLEETMEDIC_DEMO_SCENARIO: 'case-b' });
    await run.printed(RUNNING);
    expect(await simulatorArgs()).toEqual(expect.arrayContaining(['--scenario', 'case-b']));
    expect(run.stdout()).toMatch(/Scenario: +case B: KB5005030 fails with 0x8e5e03fa/);
    run.demo.kill('SIGTERM');
    await run.exited;

    run = await startDemo(300, 10_000, { FLEETMEDIC_DEMO_SCENARIO: 'none' });
    await run.printed(RUNNING);
    expect(await simulatorArgs()).not.toContain('--scenario');
    expect(run.stdout()).toMatch(/Scenario: +none, a healthy fleet/);
  });

  it('signs in one demo user per role with one password, kept for the next start, and prints it', async () => {
    run = await startDemo(300, 10_000);
    await run.printed(RUNNING);
    const password = (await readFile(join(dir, 'data', 'demo-password'), 'utf8')).trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(run.stdout()).toContain(`Sign in:    admin / ${password}`);
    const requests = JSON.parse(await readFile(join(dir, 'requests.json'), 'utf8')) as {
      method: string;
      authorization: string;
      body?: { username: string; role: string; password: string };
    }[];
    expect(requests.every((request) => request.authorization.startsWith('Bearer '))).toBe(true);
    expect(requests.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual(
      ['admin', 'approver', 'operator', 'viewer'].map((role) => ({ username: role, role, password })),
    );
    run.demo.kill('SIGTERM');
    await run.exited;

    // The same data directory keeps the same password.
    run = await startDemo(300, 10_000);
    await run.printed(RUNNING);
    expect(run.stdout()).toContain(`Sign in:    admin / ${password}`);
  });

  it('names the scenarios it knows when FLEETMEDIC_DEMO_SCENARIO is another', async () => {
    run = await startDemo(300, 10_000, { FLEETMEDIC_DEMO_SCENARIO: 'case-c' });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(
      'demo: FLEETMEDIC_DEMO_SCENARIO must be one of case-a, case-b, none (got "case-c"); stopping',
    );
  });

  it('stops with a clear error when the fleet does not connect in time', async () => {
    run = await startDemo(null, 500);
    expect(await run.exited).toBe(1);
    expect(run.stdout()).not.toContain(RUNNING);
    expect(run.stderr()).toMatch(/demo: the simulated fleet of 2 PCs did not connect within 0\.5 s/);
  });
});
