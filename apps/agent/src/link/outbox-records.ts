/**
 * The outbox file's format: one JSON record per line, either an observation waiting to be delivered or the
 * ids of observations that are done with (acked by the server, or set aside as dead letters).
 *
 *   {"observation":{"id":"0190…","check":"service",…}}
 *   {"done":["0190…","0190…"]}
 *
 * Reading it back tolerates what a crash leaves: a torn last line, and (from a damaged disk) bad lines
 * in the middle, each reported with its line number.
 */
import type { Observation } from '@fleetmedic/protocol';
import { describeObservationProblem } from './observation-guard';

export function observationRecord(observation: Observation): string {
  return `${JSON.stringify({ observation })}\n`;
}

export function doneRecord(ids: readonly string[]): string {
  return `${JSON.stringify({ done: ids })}\n`;
}

export interface SkippedLine {
  /** 1-based. */
  line: number;
  problem: string;
}

export interface OutboxContent {
  /** Observations not done with, in the order they were appended. */
  pending: Map<string, Observation>;
  /** Observation records in the file, done or not: with `pending.size`, how much compaction would save. */
  observationRecords: number;
  skipped: SkippedLine[];
  /** Bytes of complete lines; anything after it is a torn last line. */
  completeLength: number;
}

export function parseOutbox(content: Buffer): OutboxContent {
  const completeLength = content.lastIndexOf(0x0a) + 1;
  const lines = content.subarray(0, completeLength).toString('utf8').split('\n');
  const pending = new Map<string, Observation>();
  const skipped: SkippedLine[] = [];
  let observationRecords = 0;
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    const record = parseRecord(text);
    if (typeof record === 'string') {
      skipped.push({ line: index + 1, problem: record });
    } else if ('observation' in record) {
      observationRecords += 1;
      pending.set(record.observation.id, record.observation);
    } else {
      for (const id of record.done) pending.delete(id);
    }
  });
  return { pending, observationRecords, skipped, completeLength };
}

type OutboxRecord = { observation: Observation } | { done: string[] };

/** The record on this line, or what is wrong with it. */
function parseRecord(text: string): OutboxRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null) return 'expected an object';
  if ('observation' in value) {
    const problem = describeObservationProblem(value.observation);
    return problem === null ? (value as { observation: Observation }) : `observation.${problem}`;
  }
  if ('done' in value) {
    const { done } = value;
    if (Array.isArray(done) && done.every((id) => typeof id === 'string')) return { done };
    return 'done: expected a list of ids';
  }
  return 'expected an "observation" or a "done" record';
}
