/**
 * Approving a playbook for an incident: which playbook (the known issue's unless the approver picks one),
 * which hosts (those still failing unless the approver picks some), the canary (the first of them that is
 * online), and a signed job per host. The rollout then runs on its own (RolloutOrchestrator).
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  INCIDENT_KB,
  KNOWN_ISSUES,
  PLAYBOOKS,
  type Playbook,
  type PlaybookId,
  playbookProblems,
} from '@fleetmedic/knowledge';
import {
  ROLLOUT_DEFAULTS,
  type ApproveRequest,
  type AuditActor,
  type RemediationPlan,
  type RolloutView,
} from '@fleetmedic/protocol';
import type { JobStep } from '@fleetmedic/protocol/remediation-job';
import { AuditService } from '../audit/audit.service';
import { HostsRepository } from '../hosts/hosts.repository';
import type { IncidentEntity } from '../incidents/incident.entity';
import { IncidentsError } from '../incidents/incidents.errors';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { JobSigningKeyService } from './job-signing-key.service';
import { JobEntity } from './job.entity';
import { RemediationError, RemediationErrorCode } from './remediation.errors';
import { RemediationEvents } from './remediation-events';
import { RemediationRepository } from './remediation.repository';
import { toJobView, toPlaybookView, toRolloutView } from './remediation-views';
import { RolloutEntity } from './rollout.entity';
import { RolloutOrchestrator } from './rollout-orchestrator.service';

/** Who approves: a person (by session or token), or an auto-remediation rule. */
export interface Approver {
  userId: string | null;
  username: string;
  actor: AuditActor;
  ip?: string | null;
  ruleId?: string | null;
  /** Where a person approved from when not the dashboard or the API (a chat button), for the audit log. */
  via?: 'slack' | 'feishu' | null;
}

interface CandidateHost {
  hostId: string;
  hostname: string;
  online: boolean;
  failing: boolean;
  tags: string[];
}

interface Resolved {
  incident: IncidentEntity;
  playbook: Playbook | null;
  kb: string | null;
  /** Every host of the incident, the canary candidate first. */
  hosts: CandidateHost[];
}

export function playbookOfKnownIssue(knownIssueId: string | null): Playbook | null {
  const issue = KNOWN_ISSUES.find((known) => known.id === knownIssueId);
  return issue?.playbook ? PLAYBOOKS[issue.playbook] : null;
}

export function findPlaybook(id: string): Playbook | null {
  return Object.hasOwn(PLAYBOOKS, id) ? PLAYBOOKS[id as PlaybookId] : null;
}

@Injectable()
export class ApprovalsService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly hosts: HostsRepository,
    private readonly repository: RemediationRepository,
    private readonly signingKey: JobSigningKeyService,
    private readonly orchestrator: RolloutOrchestrator,
    private readonly events: RemediationEvents,
    private readonly audit: AuditService,
  ) {}

  async plan(incidentId: string): Promise<RemediationPlan> {
    const { incident, playbook, kb, hosts } = await this.resolve(incidentId);
    const failing = hosts.filter((host) => host.failing);
    const running = await this.repository.runningRolloutOf(incident.id);
    return {
      incidentId: incident.id,
      playbook: playbook === null ? null : toPlaybookView(playbook),
      kb,
      hosts: hosts.map(({ hostId, hostname, online, failing }) => ({ hostId, hostname, online, failing })),
      canaryHostId: (failing.find((host) => host.online) ?? failing[0])?.hostId ?? null,
      parallelism: ROLLOUT_DEFAULTS.parallelism,
      failureBudget: ROLLOUT_DEFAULTS.failureBudget,
      activeRolloutId: running?.id ?? null,
    };
  }

  /** Hosts of the incident, for rules that scope by tags. */
  async candidates(incidentId: string): Promise<CandidateHost[]> {
    return (await this.resolve(incidentId)).hosts;
  }

  async approve(incidentId: string, request: ApproveRequest, approver: Approver): Promise<RolloutView> {
    const resolved = await this.resolve(incidentId);
    const { incident, kb } = resolved;
    const playbook = this.choosePlaybook(resolved, request.playbookId);
    if (incident.status !== 'open')
      throw RemediationError.conflict(
        RemediationErrorCode.NothingToFix,
        `Incident ${incident.id} is resolved: there is nothing to fix.`,
      );
    const running = await this.repository.runningRolloutOf(incident.id);
    if (running !== null)
      throw RemediationError.conflict(
        RemediationErrorCode.RolloutRunning,
        `Rollout ${running.id} of this incident is still running; cancel it or wait until it ends.`,
      );
    const chosen = this.chooseHosts(resolved.hosts, request.hostIds);
    const steps = jobSteps(playbook, kb);

    const now = new Date();
    const rollout = Object.assign(new RolloutEntity(), {
      id: randomUUID(),
      incidentId: incident.id,
      playbookId: playbook.id,
      playbookVersion: playbook.version,
      status: 'running',
      phase: 'canary',
      canaryHostId: chosen[0]!.hostId,
      hostCount: chosen.length,
      parallelism: request.parallelism ?? ROLLOUT_DEFAULTS.parallelism,
      failureBudget: request.failureBudget ?? ROLLOUT_DEFAULTS.failureBudget,
      approvedById: approver.userId,
      approvedByName: approver.username,
      ruleId: approver.ruleId ?? null,
      reason: null,
      reasonCode: null,
      note: request.note ?? null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      finishedAt: null,
    } satisfies RolloutEntity);
    const expiresAt = new Date(now.getTime() + ROLLOUT_DEFAULTS.jobTtlMs).toISOString();
    const jobs = chosen.map((host, position) => {
      const jobId = randomUUID();
      return Object.assign(new JobEntity(), {
        id: jobId,
        rolloutId: rollout.id,
        incidentId: incident.id,
        hostId: host.hostId,
        playbookId: playbook.id,
        canary: position === 0,
        position,
        status: 'pending',
        signed: this.signingKey.sign({
          jobId,
          hostId: host.hostId,
          incidentId: incident.id,
          playbookId: playbook.id,
          playbookVersion: playbook.version,
          steps,
          issuedAt: now.toISOString(),
          expiresAt,
        }),
        stepCount: steps.length,
        steps: [],
        rollback: [],
        refusal: null,
        message: null,
        restartPending: false,
        attempts: 0,
        createdAt: now.toISOString(),
        sentAt: null,
        finishedAt: null,
        expiresAt,
      } satisfies JobEntity);
    });
    try {
      await this.repository.insertRollout(rollout, jobs);
    } catch (error) {
      // Another approval of this incident won the race (the database keeps one running rollout each).
      const winner = await this.repository.runningRolloutOf(incident.id);
      if (winner === null) throw error;
      throw RemediationError.conflict(
        RemediationErrorCode.RolloutRunning,
        `Rollout ${winner.id} of this incident was approved at the same moment; it runs instead.`,
      );
    }
    await this.audit.record({
      action: approver.ruleId ? 'remediation.auto-approved' : 'remediation.approved',
      outcome: 'success',
      actor: approver.actor,
      target: `incident:${incident.id}`,
      ip: approver.ip ?? null,
      detail: {
        rolloutId: rollout.id,
        playbookId: playbook.id,
        playbookVersion: playbook.version,
        hosts: chosen.map((host) => host.hostname),
        canary: chosen[0]!.hostname,
        parallelism: rollout.parallelism,
        failureBudget: rollout.failureBudget,
        ...(approver.ruleId ? { ruleId: approver.ruleId } : {}),
        ...(approver.via ? { via: approver.via } : {}),
        ...(request.note ? { note: request.note } : {}),
      },
    });
    const view = toRolloutView(rollout, jobs);
    this.events.rolloutUpdated(view);
    for (const [index, job] of jobs.entries())
      this.events.jobUpdated(toJobView(job, chosen[index]!.hostname));
    await this.orchestrator.advance(rollout.id);
    const advanced = await this.repository.rollout(rollout.id);
    return toRolloutView(advanced ?? rollout, await this.repository.jobsOf(rollout.id));
  }

  private async resolve(incidentId: string): Promise<Resolved> {
    const incident = await this.incidents.findById(incidentId);
    if (incident === null) throw IncidentsError.notFound(incidentId);
    const members = await this.incidents.hostsOf(incidentId);
    const rows = new Map(
      (await this.hosts.listByIds(members.map((member) => member.hostId))).map(({ host }) => [host.id, host]),
    );
    const hosts = members
      .map((member): CandidateHost => {
        const host = rows.get(member.hostId);
        return {
          hostId: member.hostId,
          hostname: host?.hostname ?? member.hostId,
          online: host?.online ?? false,
          failing: member.recoveredAt === null,
          tags: host?.facts?.tags ?? [],
        };
      })
      .sort(
        (a, b) =>
          Number(b.failing) - Number(a.failing) ||
          Number(b.online) - Number(a.online) ||
          a.hostname.localeCompare(b.hostname),
      );
    return {
      incident,
      playbook: playbookOfKnownIssue(incident.knownIssueId),
      kb: incident.check === 'patch' ? incident.target : null,
      hosts,
    };
  }

  private choosePlaybook(resolved: Resolved, requested: string | undefined): Playbook {
    let playbook = resolved.playbook;
    if (requested !== undefined) {
      playbook = findPlaybook(requested);
      if (playbook === null)
        throw RemediationError.invalid(
          'playbookId',
          `no playbook is called ${requested}; GET /api/playbooks lists them`,
        );
    }
    if (playbook === null)
      throw RemediationError.conflict(
        RemediationErrorCode.NoPlaybook,
        'No known issue of this incident has a playbook; name one with playbookId (GET /api/playbooks).',
      );
    if (usesIncidentKb(playbook) && resolved.kb === null)
      throw RemediationError.invalid(
        'playbookId',
        `${playbook.id} installs the incident's update again, and this incident is not about an update`,
      );
    const problems = playbookProblems(playbook);
    if (problems.length > 0)
      throw RemediationError.invalid(
        'playbookId',
        `${playbook.id} is not safe to run: ${problems.join('; ')}`,
      );
    return playbook;
  }

  private chooseHosts(hosts: CandidateHost[], requested: string[] | undefined): CandidateHost[] {
    if (requested === undefined) {
      const failing = hosts.filter((host) => host.failing);
      if (failing.length === 0)
        throw RemediationError.conflict(
          RemediationErrorCode.NothingToFix,
          'Every host of this incident has recovered; name hosts with hostIds to run the playbook anyway.',
        );
      return failing;
    }
    const known = new Set(hosts.map((host) => host.hostId));
    const strangers = [...new Set(requested)].filter((id) => !known.has(id));
    if (strangers.length > 0)
      throw RemediationError.invalid(
        'hostIds',
        `not hosts of this incident: ${strangers.slice(0, 10).join(', ')}${strangers.length > 10 ? ', …' : ''}`,
      );
    const wanted = new Set(requested);
    return hosts.filter((host) => wanted.has(host.hostId));
  }
}

function usesIncidentKb(playbook: Playbook): boolean {
  return playbook.steps.some((step) => Object.values(step).includes(INCIDENT_KB));
}

/** The playbook's steps as the job carries them, the incident's KB filled in. */
export function jobSteps(playbook: Playbook, kb: string | null): JobStep[] {
  return playbook.steps.map((step) => {
    const filled: JobStep = { kind: step.kind };
    for (const [field, value] of Object.entries(step))
      if (field !== 'kind')
        filled[field] = value === INCIDENT_KB && kb !== null ? kb : (value as string | number | boolean);
    return filled;
  });
}
