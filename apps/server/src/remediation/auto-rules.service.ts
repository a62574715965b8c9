/**
 * Auto-remediation rules: standing approvals. When an incident of a rule's known issue (or fingerprint) opens
 * or grows, its failing hosts in the rule's scope are approved under the rule, canary first, up to the
 * rule's hosts-per-day cap; hosts that joined while a rollout ran get the next one. An incident whose
 * rollout halted is left to people.
 */
import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { KNOWN_ISSUES, parseFingerprint } from '@fleetmedic/knowledge';
import type { AutoRuleRequest, AutoRuleView } from '@fleetmedic/protocol';
import type { Subscription } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { type RequestPrincipal, actorOf } from '../auth/principal';
import { IncidentEvents } from '../incidents/incident-events';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { ApprovalsService, findPlaybook, playbookOfKnownIssue } from './approvals.service';
import { AutoRuleEntity } from './auto-rule.entity';
import { RemediationError } from './remediation.errors';
import { RemediationEvents } from './remediation-events';
import { RemediationRepository } from './remediation.repository';

const startOfUtcDay = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();

@Injectable()
export class AutoRulesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AutoRulesService.name);
  private readonly subscriptions: Subscription[] = [];
  /**
   * Looks at incidents one at a time, all incidents in one line: a rule's daily cap is shared by every
   * incident it covers, so two looks side by side would each see the same room and together exceed it.
   */
  private looking: Promise<void> = Promise.resolve();
  /** Incidents waiting in that line: an incident is looked at once however often it changes meanwhile. */
  private readonly waiting = new Set<string>();

  constructor(
    private readonly repository: RemediationRepository,
    private readonly approvals: ApprovalsService,
    private readonly incidents: IncidentsRepository,
    private readonly incidentEvents: IncidentEvents,
    private readonly remediationEvents: RemediationEvents,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(
      this.incidentEvents.updated$.subscribe((incident) => {
        if (incident.status === 'open') this.evaluate(incident.id);
      }),
      this.remediationEvents.rolloutUpdated$.subscribe((rollout) => {
        if (rollout.status === 'completed') this.evaluate(rollout.incidentId);
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.looking;
  }

  async list(): Promise<AutoRuleView[]> {
    const since = startOfUtcDay(new Date());
    return Promise.all((await this.repository.rules()).map((rule) => this.view(rule, since)));
  }

  async create(request: AutoRuleRequest, principal: RequestPrincipal, ip: string): Promise<AutoRuleView> {
    const knownIssue =
      request.knownIssueId === undefined
        ? null
        : (KNOWN_ISSUES.find((issue) => issue.id === request.knownIssueId) ?? null);
    if (request.knownIssueId !== undefined && knownIssue === null)
      throw RemediationError.invalid(
        'knownIssueId',
        `no known issue is called ${request.knownIssueId}; GET /api/known-issues lists them`,
      );
    if (request.fingerprint !== undefined) {
      try {
        parseFingerprint(request.fingerprint);
      } catch (error) {
        throw RemediationError.invalid('fingerprint', (error as Error).message);
      }
    }
    const playbook =
      request.playbookId === undefined
        ? playbookOfKnownIssue(knownIssue?.id ?? null)
        : findPlaybook(request.playbookId);
    if (playbook === null)
      throw RemediationError.invalid(
        'playbookId',
        request.playbookId === undefined
          ? 'name the playbook the rule runs (the known issue has none, or the rule is by fingerprint)'
          : `no playbook is called ${request.playbookId}; GET /api/playbooks lists them`,
      );
    if (request.expiresAt !== undefined && Date.parse(request.expiresAt) <= Date.now())
      throw RemediationError.invalid('expiresAt', 'is in the past: the rule would approve nothing');
    const rule = Object.assign(new AutoRuleEntity(), {
      id: randomUUID(),
      knownIssueId: knownIssue?.id ?? null,
      fingerprint: request.fingerprint ?? null,
      playbookId: playbook.id,
      tags: [...new Set(request.tags ?? [])],
      maxHostsPerDay: request.maxHostsPerDay,
      parallelism: request.parallelism ?? 5,
      failureBudget: request.failureBudget ?? 0,
      expiresAt: request.expiresAt === undefined ? null : new Date(request.expiresAt).toISOString(),
      note: request.note ?? null,
      createdById: principal.user.id,
      createdByName: principal.user.username,
      createdAt: new Date().toISOString(),
      deletedAt: null,
    } satisfies AutoRuleEntity);
    await this.repository.insertRule(rule);
    await this.audit.record({
      action: 'auto-rule.created',
      outcome: 'success',
      actor: actorOf(principal),
      target: `auto-rule:${rule.id}`,
      ip,
      detail: {
        knownIssueId: rule.knownIssueId,
        fingerprint: rule.fingerprint,
        playbookId: rule.playbookId,
        tags: rule.tags,
        maxHostsPerDay: rule.maxHostsPerDay,
        expiresAt: rule.expiresAt,
      },
    });
    // Incidents already open fall under the new rule at once.
    for (const incident of await this.incidents.list('open')) this.evaluate(incident.id);
    return this.view(rule, startOfUtcDay(new Date()));
  }

  async delete(id: string, principal: RequestPrincipal, ip: string): Promise<void> {
    const rule = await this.repository.rule(id);
    if (rule === null || !(await this.repository.deleteRule(id, new Date().toISOString())))
      throw RemediationError.ruleNotFound(id);
    await this.audit.record({
      action: 'auto-rule.deleted',
      outcome: 'success',
      actor: actorOf(principal),
      target: `auto-rule:${id}`,
      ip,
      detail: { knownIssueId: rule.knownIssueId, fingerprint: rule.fingerprint, playbookId: rule.playbookId },
    });
  }

  /** Looks at an incident under the rules, after the looks already waiting. */
  evaluate(incidentId: string): void {
    if (this.waiting.has(incidentId)) return;
    this.waiting.add(incidentId);
    this.looking = this.looking.then(async () => {
      this.waiting.delete(incidentId);
      try {
        await this.evaluateNow(incidentId);
      } catch (error) {
        this.logger.error(`Auto-remediation of incident ${incidentId} failed: ${String(error)}`);
      }
    });
  }

  private async evaluateNow(incidentId: string): Promise<void> {
    const incident = await this.incidents.findById(incidentId);
    if (incident === null || incident.status !== 'open') return;
    const now = new Date();
    const rules = (await this.repository.activeRules(now.toISOString())).filter(
      (rule) =>
        (rule.knownIssueId !== null && rule.knownIssueId === incident.knownIssueId) ||
        (rule.fingerprint !== null && rule.fingerprint === incident.fingerprint),
    );
    if (rules.length === 0) return;
    const rollouts = await this.repository.rolloutsOf(incidentId);
    if (rollouts.some((rollout) => rollout.status === 'running' || rollout.status === 'halted')) return;
    const touched = new Set((await this.repository.jobsOfIncident(incidentId)).map((job) => job.hostId));
    const candidates = (await this.approvals.candidates(incidentId)).filter(
      (host) => host.failing && !touched.has(host.hostId),
    );
    for (const rule of rules) {
      const inScope = candidates.filter((host) => rule.tags.every((tag) => host.tags.includes(tag)));
      if (inScope.length === 0) continue;
      const room =
        rule.maxHostsPerDay - (await this.repository.hostsApprovedUnderRule(rule.id, startOfUtcDay(now)));
      if (room <= 0) {
        this.logger.log(
          `Auto-remediation rule ${rule.id} reached its cap of ${rule.maxHostsPerDay} hosts today; incident ${incidentId} waits for a person or tomorrow`,
        );
        continue;
      }
      await this.approvals.approve(
        incidentId,
        {
          playbookId: rule.playbookId,
          hostIds: inScope.slice(0, room).map((host) => host.hostId),
          parallelism: rule.parallelism,
          failureBudget: rule.failureBudget,
        },
        {
          userId: null,
          username: `rule:${rule.id}`,
          actor: { kind: 'system', id: rule.id, name: `auto-remediation rule ${rule.id}`, tokenId: null },
          ruleId: rule.id,
        },
      );
      return;
    }
  }

  private async view(rule: AutoRuleEntity, since: string): Promise<AutoRuleView> {
    return {
      id: rule.id,
      knownIssueId: rule.knownIssueId,
      fingerprint: rule.fingerprint,
      playbookId: rule.playbookId,
      tags: rule.tags,
      maxHostsPerDay: rule.maxHostsPerDay,
      parallelism: rule.parallelism,
      failureBudget: rule.failureBudget,
      expiresAt: rule.expiresAt,
      note: rule.note,
      createdBy: { userId: rule.createdById, username: rule.createdByName },
      createdAt: rule.createdAt,
      hostsToday: await this.repository.hostsApprovedUnderRule(rule.id, since),
      rollouts: await this.repository.rolloutCountOfRule(rule.id),
    };
  }
}
