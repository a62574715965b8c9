/**
 * The steps the executor runs itself, over the Host port's reads: waiting, and checking that the fix took
 * the way the checks see it (the service's state from the Service Control Manager, the update's result from
 * the update history), so that a verified step means what the server will observe next.
 */
import type { PlaybookStep } from '@fleetmedic/knowledge';
import type { Host, PatchResult, ServiceStatus } from '../host/host';
import { type StepOutcome, failed, succeeded } from './step-runner';

export interface VerifyTiming {
  /** How long a service may stay pending, or an update stay unreported, before verification fails. */
  timeoutMs: number;
  pollMs: number;
}

export const DEFAULT_VERIFY_TIMING: VerifyTiming = { timeoutMs: 60_000, pollMs: 1_000 };

const PENDING_STATES: ReadonlySet<ServiceStatus['state']> = new Set(['START_PENDING', 'CONTINUE_PENDING']);

export async function verifyService(
  host: Host,
  step: Extract<PlaybookStep, { kind: 'verify.service' }>,
  timing: VerifyTiming,
  signal?: AbortSignal,
): Promise<StepOutcome> {
  const deadline = Date.now() + timing.timeoutMs;
  for (;;) {
    const [status] = await host.queryServices([step.service]);
    if (status === undefined) return failed(`${step.service} is not installed on this PC`);
    if (status.state === step.state) {
      return succeeded(
        `${status.name} is ${status.state}${status.pid === null ? '' : ` (process ${status.pid})`}`,
      );
    }
    if (!PENDING_STATES.has(status.state) || Date.now() >= deadline || signal?.aborted)
      return failed(`${status.name} is ${status.state}, not ${step.state}${startErrorOf(status)}`);
    await delay(timing.pollMs, signal);
  }
}

export async function verifyUpdate(
  host: Host,
  step: Extract<PlaybookStep, { kind: 'verify.update' }>,
  timing: VerifyTiming,
  signal?: AbortSignal,
): Promise<StepOutcome> {
  const deadline = Date.now() + timing.timeoutMs;
  for (;;) {
    const results = await host.queryPatchResults();
    const result = results.find((entry) => entry.kb.toUpperCase() === step.kb.toUpperCase());
    if (result?.status === 'installed') return succeeded(`${result.kb} is installed`);
    if (result?.status === 'failed') return failed(describeFailedUpdate(result));
    if (Date.now() >= deadline || signal?.aborted) {
      return failed(
        result === undefined
          ? `${step.kb} is not among the updates this PC reports`
          : `${result.kb} is still pending`,
      );
    }
    await delay(timing.pollMs, signal);
  }
}

/** `wait {ms}`: resolves early when the job is stopped. */
export async function waitStep(ms: number, signal?: AbortSignal): Promise<StepOutcome> {
  await delay(ms, signal);
  return signal?.aborted ? failed(`stopped while waiting ${ms} ms`) : succeeded(`waited ${ms} ms`);
}

function startErrorOf(status: ServiceStatus): string {
  if (status.startError === null) return '';
  const original =
    status.startErrorOriginal === null || status.startErrorOriginal === status.startError
      ? ''
      : ` (${status.startErrorOriginal})`;
  return `; its last start failed with ${status.startError}${original}`;
}

function describeFailedUpdate(result: PatchResult): string {
  return `${result.kb} failed to install${result.code === null ? '' : ` with ${result.code}`}`;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
