/**
 * `explain FILE` from disk. A large CBS.log (hundreds of MB is common) is streamed: read in chunks, its
 * failure lines summarized in bounded memory (`CbsLogSummary`), so memory stays flat whatever the size.
 * Every other file, and every small one, is read whole, as `explainOutput` reads bytes.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import {
  CbsLogReader,
  CbsLogSummary,
  type CbsSummaryLimits,
  decodeOutput,
  detectKind,
} from '../host/windows/parsers';
import { type ExplainOptions, explainOutput, explainParsed } from './explain';
import type { ExplainReport } from './explain-report';

/** Files from this size on are streamed when they are a CBS.log. */
export const STREAM_FROM_BYTES = 16 * 1024 * 1024;
/** How much of a file decides its kind. */
const PREFIX_BYTES = 256 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export interface ExplainFileOptions extends ExplainOptions {
  /** Stream CBS.logs from this size on (tests lower it). */
  streamFromBytes?: number;
  limits?: CbsSummaryLimits;
}

export async function explainFile(file: string, options: ExplainFileOptions = {}): Promise<ExplainReport> {
  const { size } = await stat(file);
  const wantsCbs = options.kind === undefined || options.kind === 'cbs-log';
  if (size >= (options.streamFromBytes ?? STREAM_FROM_BYTES) && wantsCbs) {
    const prefix = await readPrefix(file, PREFIX_BYTES);
    const decoded = decodeOutput(prefix, options.codePage);
    const isCbs = options.kind === 'cbs-log' || detectKind(decoded.text).kind === 'cbs-log';
    // CbsLogReader reads UTF-8 (CBS.log is written so); another encoding takes the whole-file path.
    if (isCbs && decoded.encoding === 'utf-8') return streamCbsLog(file, options.limits);
  }
  return explainOutput(file, await readFile(file), options);
}

async function readPrefix(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function streamCbsLog(file: string, limits?: CbsSummaryLimits): Promise<ExplainReport> {
  const reader = new CbsLogReader();
  const summary = new CbsLogSummary(limits);
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    for (const failure of reader.push(chunk as Buffer)) summary.add(failure);
  }
  for (const failure of reader.end()) summary.add(failure);
  const { records, warnings } = summary.finish(reader.state.linesConsumed);
  return explainParsed(
    file,
    {
      kind: 'cbs-log',
      reason: `CBS.log line layout (streamed: ${reader.state.bytesConsumed} bytes)`,
      result: { records, failures: [], warnings, state: reader.state },
    },
    'utf-8',
  );
}
