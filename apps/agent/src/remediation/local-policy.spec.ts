/** The PC's own remediation policy: its options, what is kept of them, and clear errors. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { playbookList, remediationSwitch } from '../cli/option-parsers';
import {
  DEFAULT_REMEDIATION_POLICY,
  REMEDIATION_POLICY_FILE,
  describePolicy,
  resolveLocalPolicy,
} from './local-policy';

describe('local remediation policy', () => {
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'local-policy-'));
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('reads --remediation on|off and names a bad value', () => {
    expect(remediationSwitch('on')).toBe(true);
    expect(remediationSwitch('off')).toBe(false);
    expect(() => remediationSwitch('yes')).toThrow('expected on or off, got "yes"');
  });

  it('reads --allow-playbooks as known ids or all, and names an unknown id', () => {
    expect(playbookList('all')).toBe('all');
    expect(playbookList('spooler-rpc-internet, catroot2-repair,catroot2-repair')).toEqual([
      'spooler-rpc-internet',
      'catroot2-repair',
    ]);
    expect(() => playbookList('spooler-rpc-internet,format-c')).toThrow(
      'unknown playbook "format-c"; known: spooler-rpc-internet, catroot2-repair, reset-windows-update-components (or all)',
    );
    expect(() => playbookList(',')).toThrow(/expected playbook ids separated by commas, or all/);
  });

  it('is on for every playbook by default and keeps what an administrator sets', async () => {
    await expect(resolveLocalPolicy(stateDir, {})).resolves.toMatchObject({
      policy: DEFAULT_REMEDIATION_POLICY,
    });

    await resolveLocalPolicy(stateDir, { remediation: false });
    // The service starts without options: it keeps the choice.
    const { policy } = await resolveLocalPolicy(stateDir, {});
    expect(policy).toEqual({ enabled: false, allowedPlaybooks: 'all' });
    expect(describePolicy(policy)).toBe('remediation off');

    await resolveLocalPolicy(stateDir, { remediation: true, allowPlaybooks: ['catroot2-repair'] });
    const later = await resolveLocalPolicy(stateDir, {});
    expect(describePolicy(later.policy)).toBe('remediation on for playbooks catroot2-repair');
  });

  it('names the kept file when it is damaged', async () => {
    const path = join(stateDir, REMEDIATION_POLICY_FILE);
    await writeFile(path, JSON.stringify({ enabled: true, allowedPlaybooks: ['shell'] }));
    await expect(resolveLocalPolicy(stateDir, {})).rejects.toThrow(
      `${path}: allowedPlaybooks: unknown playbook "shell"`,
    );
    await writeFile(path, '{');
    await expect(resolveLocalPolicy(stateDir, {})).rejects.toThrow(`${path}: is not valid JSON`);
    // Setting the policy again repairs it.
    await resolveLocalPolicy(stateDir, { remediation: true, allowPlaybooks: 'all' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ enabled: true, allowedPlaybooks: 'all' });
  });
});
