/** The process wrapper, exercised with real child processes (node standing in for a Windows tool). */
import type { CommandLine } from './command-line';
import { CommandFailedError, runChecked, runCommand } from './run-command';

const context = { oemCodePage: 936 };

function node(script: string, overrides: Partial<CommandLine> = {}): CommandLine {
  return {
    file: process.execPath,
    args: ['-e', script],
    output: 'utf8',
    timeoutMs: 10_000,
    okExitCodes: [0],
    ...overrides,
  };
}

describe('runCommand', () => {
  it('passes arguments as they are, with no shell in between', async () => {
    const command = node('process.stdout.write(JSON.stringify(process.argv.slice(1)))', {
      args: [
        '-e',
        'process.stdout.write(JSON.stringify(process.argv.slice(1)))',
        'a b',
        '$(whoami)',
        '"q"',
        '&&',
      ],
    });
    const result = await runCommand(command, context);
    expect(JSON.parse(result.stdout)).toEqual(['a b', '$(whoami)', '"q"', '&&']);
  });

  it('decodes output written in the OEM code page', async () => {
    const command = node('process.stdout.write(Buffer.from([0xb7, 0xfe, 0xce, 0xf1]))', { output: 'oem' });
    await expect(runCommand(command, context)).resolves.toMatchObject({ stdout: '服务', exitCode: 0 });
  });

  it('kills a command that outlives its timeout', async () => {
    const result = await runCommand(node('setInterval(() => {}, 1000)', { timeoutMs: 200 }), context);
    expect(result.timedOut).toBe(true);
    await expect(
      runChecked(runCommand, node('setInterval(() => {}, 1000)', { timeoutMs: 200 }), context),
    ).rejects.toThrow(/no answer within 200 ms/);
  });

  it('reports an exit code it does not accept, with what the tool said', async () => {
    const failing = node("process.stderr.write('Access is denied.'); process.exit(5)");
    await expect(runChecked(runCommand, failing, context)).rejects.toThrow(
      /exited with 5: Access is denied\./,
    );
    const accepted = node('process.exit(1)', { okExitCodes: [0, 1] });
    await expect(runChecked(runCommand, accepted, context)).resolves.toMatchObject({ exitCode: 1 });
  });

  it('names a program that cannot be started', async () => {
    const missing = node('', { file: '/nonexistent/sc.exe', args: ['query'] });
    await expect(runCommand(missing, context)).rejects.toBeInstanceOf(CommandFailedError);
    await expect(runCommand(missing, context)).rejects.toThrow(/sc\.exe query: could not start/);
  });
});
