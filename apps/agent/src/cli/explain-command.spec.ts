/** The explain command as scripts use it: JSON on stdout, exit codes, clear errors for bad arguments. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT_UNRECOGNIZED, explainCommand } from './explain-command';

const CASE_B = path.join(__dirname, '../host/windows/parsers/fixtures/cbs-log/case-b-catroot2-kb5005030.log');

async function run(file: string, options: Partial<Parameters<typeof explainCommand>[1]> = {}) {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
  try {
    await explainCommand(file, { json: false, lang: 'en', ...options });
    return { output: written.join(''), exitCode: process.exitCode };
  } finally {
    spy.mockRestore();
    process.exitCode = undefined;
  }
}

describe('fleetmedic-agent explain', () => {
  it('prints the documented JSON for case B', async () => {
    const { output, exitCode } = await run(CASE_B, { json: true });
    const report = JSON.parse(output) as Record<string, unknown>;
    expect(exitCode).toBeUndefined();
    expect(report).toMatchObject({
      formatVersion: 1,
      kind: 'cbs-log',
      errors: [{ code: '0x8e5e03fa', symbol: 'JET_errReadVerifyFailure', jet: -1018 }],
      knownIssues: [
        { id: 'catroot2-catalog-database-corrupt', confirmed: true, playbook: 'catroot2-repair' },
      ],
    });
  });

  it('exits with 2 and lists what it reads when the file is none of its kinds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetmedic-explain-'));
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'shopping list\nmilk\n');
    const { output, exitCode } = await run(file);
    expect(exitCode).toBe(2);
    expect(EXIT_UNRECOGNIZED).toBe(2);
    expect(output).toContain('cbs-log: CBS.log or dism.log');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the problem with a missing file or an unknown kind', async () => {
    await expect(run('/nonexistent/CBS.log')).rejects.toThrow('cannot read /nonexistent/CBS.log: ENOENT');
    await expect(run(CASE_B, { kind: 'pdf' })).rejects.toThrow(
      /--kind pdf is not a kind explain reads; use one of event-xml/,
    );
  });
});
