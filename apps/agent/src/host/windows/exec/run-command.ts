/**
 * The one way the Windows host runs a process: arguments as an array without a shell, a hard timeout,
 * bounded output, and output decoded from the encoding the program writes (Chinese Windows writes CP936).
 */
import { spawn } from 'node:child_process';
import { type CommandLine, displayCommand } from './command-line';
import { decodeProcessOutput } from './decode-process-output';

/** Output beyond this is cut: no probe needs more, and a runaway tool must not exhaust the agent. */
export const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** True when output was cut at MAX_OUTPUT_BYTES. */
  truncated: boolean;
}

export class CommandFailedError extends Error {
  constructor(
    readonly command: string,
    readonly result: ProcessResult | null,
    reason: string,
  ) {
    super(`${command}: ${reason}`);
    this.name = 'CommandFailedError';
  }
}

export interface RunContext {
  /** The OEM code page of this PC (936 on Simplified Chinese Windows, 437 on US English). */
  oemCodePage: number;
}

export type CommandRunner = (command: CommandLine, context: RunContext) => Promise<ProcessResult>;

export const runCommand: CommandRunner = (command, context) =>
  new Promise((resolve, reject) => {
    const child = spawn(command.file, command.args, {
      shell: false,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let bytes = 0;
    let truncated = false;
    let timedOut = false;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (bytes >= MAX_OUTPUT_BYTES) {
        truncated = true;
        return;
      }
      const room = MAX_OUTPUT_BYTES - bytes;
      into.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      bytes += Math.min(chunk.length, room);
      if (chunk.length > room) truncated = true;
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, command.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new CommandFailedError(displayCommand(command), null, `could not start: ${error.message}`));
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        stdout: decodeProcessOutput(Buffer.concat(stdout), command.output, context.oemCodePage),
        stderr: decodeProcessOutput(Buffer.concat(stderr), command.output, context.oemCodePage),
        timedOut,
        truncated,
      });
    });
  });

/** Runs the command and insists on success: an exit code it accepts, within its timeout. */
export async function runChecked(
  runner: CommandRunner,
  command: CommandLine,
  context: RunContext,
): Promise<ProcessResult> {
  const result = await runner(command, context);
  const shown = displayCommand(command);
  if (result.timedOut)
    throw new CommandFailedError(shown, result, `no answer within ${command.timeoutMs} ms`);
  if (result.exitCode === null || !command.okExitCodes.includes(result.exitCode)) {
    const detail = (result.stderr.trim() || result.stdout.trim()).split(/\r?\n/).slice(0, 3).join(' ');
    throw new CommandFailedError(
      shown,
      result,
      `exited with ${String(result.exitCode)}${detail ? `: ${detail}` : ''}`,
    );
  }
  return result;
}
