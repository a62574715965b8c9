/** Step results and job messages within the protocol's bounds (JOB_LIMITS), as the server validates them. */
import type { StepResult } from '@fleetmedic/protocol';
import { JOB_LIMITS, type StepPhase, type StepStatus } from '@fleetmedic/protocol/constants';

export function boundMessage(message: string): string {
  return cut(message, JOB_LIMITS.messageLength);
}

/** The last lines worth reading, each cut to length: the end of a command's output says why it failed. */
export function boundOutput(lines: readonly string[]): string[] {
  return lines
    .flatMap((line) => line.split(/\r?\n/))
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(-JOB_LIMITS.outputLines)
    .map((line) => cut(line, JOB_LIMITS.outputLineLength));
}

export function stepResult(fields: {
  phase: StepPhase;
  index: number;
  kind: string;
  status: StepStatus;
  startedAt: string;
  finishedAt: string | null;
  message: string;
  output?: readonly string[];
}): StepResult {
  return {
    phase: fields.phase,
    index: fields.index,
    kind: cut(fields.kind, 64),
    status: fields.status,
    startedAt: fields.startedAt,
    finishedAt: fields.finishedAt,
    message: boundMessage(fields.message),
    output: boundOutput(fields.output ?? []),
  };
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
