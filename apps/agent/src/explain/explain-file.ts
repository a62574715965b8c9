/**
 * `explain FILE` from disk. A large line-oriented log (a CBS.log or dism.log of hundreds of MB is common;
 * WindowsUpdate.log too) is streamed: its kind is detected on the first megabyte, then it is decoded chunk
 * by chunk and read one line at a time by the same line readers the whole-text parsers use, and what is
 * kept of it is bounded (`UpdateRetention`), so memory stays flat whatever the size. Every other file, and
 * every small one, is read whole, as `explainOutput` reads bytes.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import {
  CbsLogLineReader,
  ChunkDecoder,
  LineSplitter,
  OUTPUT_KINDS,
  type ParsedOutput,
  type UpdateLogLineReader,
  Utf8Check,
  chooseEncoding,
  detectKind,
  windowsUpdateLogUpdates,
} from '../host/windows/parsers';
import { type ExplainOptions, explainOutput, explainParsed } from './explain';
import type { ExplainReport } from './explain-report';
import { DEFAULT_RETENTION_LIMITS, type RetentionLimits, UpdateRetention } from './update-retention';

/** Files from this size on are streamed when they are of a streamed kind. */
export const STREAM_FROM_BYTES = 16 * 1024 * 1024;
/**
 * How much of a file decides its kind: detectKind looks at the first 200,000 characters, which 1 MiB holds
 * in any encoding (at most 4 bytes a character), so the kind is the one a whole read would find.
 */
const HEAD_BYTES = 1024 * 1024;
/** Small enough that each chunk's text and lines die young (1 MiB chunks cost twice the time and +45 MB). */
const CHUNK_BYTES = 64 * 1024;

const STREAMED_KINDS = ['cbs-log', 'windows-update-log'] as const;
type StreamedKind = (typeof STREAMED_KINDS)[number];

function isStreamedKind(kind: string): kind is StreamedKind {
  return (STREAMED_KINDS as readonly string[]).includes(kind);
}

export interface ExplainFileOptions extends ExplainOptions {
  /** Stream from this size on (tests lower it). */
  streamFromBytes?: number;
  limits?: RetentionLimits;
}

export async function explainFile(file: string, options: ExplainFileOptions = {}): Promise<ExplainReport> {
  const { size } = await stat(file);
  if (size < (options.streamFromBytes ?? STREAM_FROM_BYTES)) {
    return explainOutput(file, await readFile(file), options);
  }
  const head = await readHead(file, HEAD_BYTES);
  const choice = chooseEncoding(head, options.codePage);
  // A code page applies only to bytes that are not valid UTF-8: as decodeOutput does, look at all of them.
  const encoding =
    choice.unlessValidUtf8 === null || (await isUtf8File(file)) ? choice.encoding : choice.unlessValidUtf8;
  const headDecoder = new ChunkDecoder(encoding);
  const body = head.subarray(choice.bomLength);
  const headText = headDecoder.write(body) + (head.length >= size ? headDecoder.end() : '');
  const detected =
    options.kind === undefined
      ? detectKind(headText)
      : { kind: options.kind, reason: 'kind given by the caller' };
  if (isStreamedKind(detected.kind)) {
    const chunks = createReadStream(file, { start: choice.bomLength, highWaterMark: CHUNK_BYTES });
    return explainLogStream(file, chunks, {
      kind: detected.kind,
      reason: detected.reason,
      encoding,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    });
  }
  if ((detected.kind === 'unknown' || detected.kind === 'binary') && headText.trim() !== '') {
    // Not a kind explain reads: the first megabyte decides that, as it does for a whole read.
    return explainParsed(
      file,
      { kind: detected.kind, reason: detected.reason, supportedKinds: OUTPUT_KINDS },
      encoding,
    );
  }
  return explainOutput(file, await readFile(file), options);
}

export interface LogStreamOptions {
  kind: StreamedKind;
  /** Why the kind was chosen; the report's `detectedBy` adds that the log was streamed. */
  reason: string;
  /** How to decode the bytes (`chooseEncoding`); they come after any byte-order mark. */
  encoding: string;
  limits?: RetentionLimits;
}

/** The report of a log that arrives in chunks, read in bounded memory. */
export async function explainLogStream(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  options: LogStreamOptions,
): Promise<ExplainReport> {
  const limits = options.limits ?? DEFAULT_RETENTION_LIMITS;
  const retention = new UpdateRetention(limits);
  const onUpdate = retention.add.bind(retention);
  const reader: UpdateLogLineReader =
    options.kind === 'cbs-log'
      ? new CbsLogLineReader(onUpdate, limits.maxEvidenceLines)
      : windowsUpdateLogUpdates(onUpdate, {
          maxEvidenceLines: limits.maxEvidenceLines,
          maxTextChars: limits.maxLineChars,
        });
  const splitter = new LineSplitter((text, line) => reader.line(text, line), limits.maxLineChars);
  const decoder = new ChunkDecoder(options.encoding);
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    splitter.push(decoder.write(chunk));
  }
  splitter.push(decoder.end());
  splitter.end();
  const warnings = [...reader.end(), ...retention.warnings(splitter.linesRead)];
  const reason = `${options.reason} (streamed: ${bytes} bytes)`;
  const records = retention.records();
  const parsed: ParsedOutput =
    options.kind === 'cbs-log'
      ? {
          kind: options.kind,
          reason,
          result: {
            records,
            failures: [],
            warnings,
            state: { bytesConsumed: bytes, linesConsumed: splitter.linesRead },
          },
        }
      : { kind: options.kind, reason, result: { records, entries: [], warnings } };
  const report = explainParsed(file, parsed, options.encoding);
  for (const error of report.errors) {
    const occurrences = retention.occurrences(error.code);
    if (occurrences !== undefined) error.occurrences = occurrences;
  }
  return report;
}

async function readHead(file: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function isUtf8File(file: string): Promise<boolean> {
  const check = new Utf8Check();
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }))
    check.push(chunk as Buffer);
  return check.end();
}
