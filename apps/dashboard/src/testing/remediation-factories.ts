/**
 * Builders of remediation API shapes for unit specs. The playbook is case A's as the server describes it
 * (`GET /api/playbooks`): back up and delete the RPC port restriction, start the spooler, check it runs.
 */
import type {
  JobStatus,
  JobView,
  PlaybookView,
  RemediationPlan,
  RolloutView,
  StepResult,
} from '@fleetmedic/protocol';

let sequence = 0;

function nextId(): string {
  sequence += 1;
  return `00000000-0000-4000-9000-${String(sequence).padStart(12, '0')}`;
}

const RPC_INTERNET = 'HKLM\\Software\\Microsoft\\Rpc\\Internet';

export function newPlaybook(overrides: Partial<PlaybookView> = {}): PlaybookView {
  return {
    id: 'spooler-rpc-internet',
    version: 1,
    title: {
      en: 'Remove the Rpc\\Internet port restriction and start the Print Spooler',
      'zh-CN': '删除 Rpc\\Internet 端口限制并启动打印后台处理程序',
    },
    summary: { en: 'Exports the key, deletes it, starts the spooler.', 'zh-CN': '导出、删除该项并启动。' },
    risk: 'medium',
    steps: [
      { kind: 'registry.export', key: RPC_INTERNET, backup: 'rpc-internet' },
      { kind: 'registry.delete', key: RPC_INTERNET, backup: 'rpc-internet' },
      { kind: 'service.start', service: 'Spooler' },
      { kind: 'verify.service', service: 'Spooler', state: 'RUNNING' },
    ],
    rollback: [
      { kind: 'service.stop', service: 'Spooler' },
      { kind: 'registry.import', backup: 'rpc-internet' },
    ],
    leavesRestartPending: false,
    source: 'cases/case-a-spooler-rpc.md',
    ...overrides,
  };
}

export function newPlan(overrides: Partial<RemediationPlan> = {}): RemediationPlan {
  const hosts = [1, 2, 3].map((n) => ({
    hostId: nextId(),
    hostname: `PC-00${n}`,
    online: true,
    failing: true,
  }));
  return {
    incidentId: nextId(),
    playbook: newPlaybook(),
    kb: null,
    hosts,
    canaryHostId: hosts[0]!.hostId,
    parallelism: 5,
    failureBudget: 0,
    activeRolloutId: null,
    ...overrides,
  };
}

export function newRollout(overrides: Partial<RolloutView> = {}): RolloutView {
  return {
    id: nextId(),
    incidentId: nextId(),
    playbookId: 'spooler-rpc-internet',
    playbookVersion: 1,
    status: 'running',
    phase: 'canary',
    canaryHostId: null,
    hostCount: 3,
    parallelism: 5,
    failureBudget: 0,
    failures: 0,
    counts: {
      pending: 3,
      sent: 0,
      running: 0,
      succeeded: 0,
      'rolled-back': 0,
      'rollback-failed': 0,
      refused: 0,
      expired: 0,
      cancelled: 0,
    },
    approvedBy: { userId: nextId(), username: 'alice' },
    ruleId: null,
    reason: null,
    reasonCode: null,
    createdAt: '2026-11-22T09:00:00.000Z',
    updatedAt: '2026-11-22T09:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

export function newStep(
  index: number,
  status: StepResult['status'],
  overrides: Partial<StepResult> = {},
): StepResult {
  const kinds = ['registry.export', 'registry.delete', 'service.start', 'verify.service'];
  return {
    phase: 'run',
    index,
    kind: kinds[index] ?? 'wait',
    status,
    startedAt: '2026-11-22T09:00:01.000Z',
    finishedAt: status === 'running' ? null : '2026-11-22T09:00:02.000Z',
    message: status === 'failed' ? 'StartService failed: 0x80070057' : 'ok',
    output: [],
    ...overrides,
  };
}

const FINAL: readonly JobStatus[] = [
  'succeeded',
  'rolled-back',
  'rollback-failed',
  'refused',
  'expired',
  'cancelled',
];

export function newJob(overrides: Partial<JobView> = {}): JobView {
  const status = overrides.status ?? 'pending';
  return {
    id: nextId(),
    rolloutId: nextId(),
    incidentId: nextId(),
    hostId: nextId(),
    hostname: `PC-${String(sequence).padStart(3, '0')}`,
    playbookId: 'spooler-rpc-internet',
    canary: false,
    order: 1,
    status,
    stepCount: 4,
    steps: [],
    rollback: [],
    refusal: null,
    message: null,
    restartPending: false,
    createdAt: '2026-11-22T09:00:00.000Z',
    sentAt: null,
    finishedAt: FINAL.includes(status) ? '2026-11-22T09:00:05.000Z' : null,
    expiresAt: '2026-11-23T09:00:00.000Z',
    ...overrides,
  };
}
