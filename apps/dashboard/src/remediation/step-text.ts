/**
 * Playbook steps in words a Windows admin reads at a glance ("Export HKLM\…\Rpc\Internet to backup
 * rpc-internet", "Start service Spooler"), in the current language. Steps arrive as data (`kind` plus its
 * fields); a kind this dashboard does not know yet, or one missing a field, is shown as the server sends it.
 */
import type { PlaybookView } from '@fleetmedic/protocol';
import type { Translate } from '../format/api-error';

export type PlaybookStepView = PlaybookView['steps'][number];

/** How the knowledge library writes "the KB of the incident" inside a step. */
export const INCIDENT_KB_PLACEHOLDER = '${incident.kb}';

interface StepWording {
  /** Message key under `remediation.steps` (the sentence) and `remediation.stepKinds` (the short name). */
  key: string;
  /** The step's fields the sentence needs. */
  fields: readonly string[];
}

const WORDINGS: ReadonlyMap<string, StepWording> = new Map(
  Object.entries({
    'service.stop': { key: 'serviceStop', fields: ['service'] },
    'service.start': { key: 'serviceStart', fields: ['service'] },
    'service.restart': { key: 'serviceRestart', fields: ['service'] },
    'registry.export': { key: 'registryExport', fields: ['key', 'backup'] },
    'registry.delete': { key: 'registryDelete', fields: ['key', 'backup'] },
    'registry.import': { key: 'registryImport', fields: ['backup'] },
    'esentutl.check': { key: 'esentutlCheck', fields: ['database'] },
    'esentutl.repair': { key: 'esentutlRepair', fields: ['database', 'backup'] },
    'folder.backup': { key: 'folderBackup', fields: ['path', 'backup'] },
    'folder.empty': { key: 'folderEmpty', fields: ['path', 'backup'] },
    'folder.restore': { key: 'folderRestore', fields: ['path', 'backup'] },
    'update.install': { key: 'updateInstall', fields: ['kb'] },
    wait: { key: 'wait', fields: ['ms'] },
    'verify.service': { key: 'verifyService', fields: ['service', 'state'] },
    'verify.update': { key: 'verifyUpdate', fields: ['kb'] },
  } satisfies Record<string, StepWording>),
);

/** The step kinds with a name of their own in the messages. */
export const KNOWN_STEP_KINDS: readonly string[] = [...WORDINGS.keys()];

export interface StepTextContext {
  t: Translate;
  /** The incident's KB, for steps written against "the incident's update"; null when it has none. */
  kb: string | null;
  /** A service state (`RUNNING`) in words; the SCM name by default. */
  serviceState?: (state: string) => string;
}

/** A short name for a kind of step ("Start service"), for step results that come without their fields. */
export function stepKindText(kind: string, t: Translate): string {
  const wording = WORDINGS.get(kind);
  return wording ? t(`remediation.stepKinds.${wording.key}`) : kind;
}

/** The step as a sentence. */
export function stepText(step: PlaybookStepView, context: StepTextContext): string {
  const wording = WORDINGS.get(step.kind);
  if (wording && wording.fields.every((field) => isScalar(step[field]))) {
    return context.t(
      `remediation.steps.${sentenceKey(step, wording, context)}`,
      wordingParams(step, wording, context),
    );
  }
  return context.t('remediation.steps.unknown', { kind: step.kind, detail: fieldsText(step) });
}

function sentenceKey(step: PlaybookStepView, wording: StepWording, context: StepTextContext): string {
  // "Check Spooler is running" reads better than the state's name in the middle of a sentence.
  if (step.kind === 'verify.service' && step.state === 'RUNNING') return 'verifyServiceRunning';
  // Before an incident is known (a playbook on its own), "the failed update" stands for its KB.
  if (step.kb === INCIDENT_KB_PLACEHOLDER && context.kb === null) return `${wording.key}Incident`;
  return wording.key;
}

function wordingParams(
  step: PlaybookStepView,
  wording: StepWording,
  context: StepTextContext,
): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const field of wording.fields) params[field] = String(step[field]);
  if (params.kb === INCIDENT_KB_PLACEHOLDER && context.kb !== null) params.kb = context.kb;
  if (step.kind === 'wait') params.seconds = Math.max(0, Math.round(Number(step.ms) / 1000));
  if (step.kind === 'verify.service') {
    params.state = context.serviceState ? context.serviceState(String(step.state)) : String(step.state);
  }
  return params;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function fieldsText(step: PlaybookStepView): string {
  return Object.entries(step)
    .filter(([field]) => field !== 'kind')
    .map(([field, value]) => `${field}=${String(value)}`)
    .join(', ');
}
