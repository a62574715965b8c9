/**
 * Persisting observations: each stored once by its id, many rows per statement, and the current check
 * states moved forward in the same transaction, so the two never disagree.
 */
import { Injectable } from '@nestjs/common';
import type { Observation } from '@fleetmedic/protocol';
import { In, type EntityManager } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { columnList, dialectOf, tableOf, valuesPlaceholders } from '../database/sql';
import { CheckStateEntity } from '../hosts/check-state.entity';
import type { CheckTransition } from './check-transition';
import { ObservationEntity } from './observation.entity';

/** Rows per INSERT: 12 columns × 80 rows stays under SQLite's 999 bound variables of old builds. */
const ROWS_PER_STATEMENT = 80;
const IDS_PER_LOOKUP = 500;

export interface PersistResult {
  /** Ids stored now for the first time. */
  stored: Set<string>;
  /** Ids that were already stored (a resend after a lost ack). */
  duplicates: Set<string>;
  /** Hosts whose visible state changed: a check's status, code, facts or evidence. */
  changedHostIds: Set<string>;
  /** Checks whose outcome (status or code) changed, in observation order. */
  transitions: CheckTransition[];
}

@Injectable()
export class IngestRepository {
  constructor(private readonly writes: DatabaseWrites) {}

  persist(observations: readonly Observation[], receivedAt: string): Promise<PersistResult> {
    return this.writes.transaction(async (manager) => {
      const { fresh, duplicates } = await this.insertNew(manager, observations, receivedAt);
      const { changedHostIds, transitions } = await this.advanceCheckStates(manager, fresh);
      return {
        stored: new Set(fresh.map((observation) => observation.id)),
        duplicates,
        changedHostIds,
        transitions,
      };
    });
  }

  /**
   * Inserts what is not stored yet, many rows per statement; the database says which rows it inserted
   * (`ON CONFLICT DO NOTHING RETURNING id`), so duplicates cost no lookup of their own.
   */
  private async insertNew(
    manager: EntityManager,
    observations: readonly Observation[],
    receivedAt: string,
  ): Promise<{ fresh: Observation[]; duplicates: Set<string> }> {
    const dialect = dialectOf(manager);
    const table = tableOf(manager, ObservationEntity);
    const unique = new Map<string, Observation>();
    const duplicates = new Set<string>();
    for (const observation of observations) {
      if (unique.has(observation.id)) duplicates.add(observation.id);
      else unique.set(observation.id, observation);
    }
    const candidates = [...unique.values()];
    const inserted = new Set<string>();
    for (let i = 0; i < candidates.length; i += ROWS_PER_STATEMENT) {
      const rows = candidates.slice(i, i + ROWS_PER_STATEMENT);
      // TypeORM runs statements that begin with "INSERT " on SQLite without reading rows back; the leading
      // comment makes it read the RETURNING rows. PostgreSQL returns them either way.
      const returned: { id: string }[] = await manager.query(
        `/* returning */ INSERT INTO ${table} (${columnList(OBSERVATION_COLUMNS)}) VALUES ` +
          `${valuesPlaceholders(dialect, rows.length, OBSERVATION_COLUMNS.length)} ON CONFLICT DO NOTHING RETURNING "id"`,
        rows.flatMap((observation) => observationValues(observation, receivedAt)),
      );
      for (const row of returned) inserted.add(row.id);
    }
    const fresh = candidates.filter((observation) => inserted.has(observation.id));
    for (const observation of candidates) if (!inserted.has(observation.id)) duplicates.add(observation.id);
    return { fresh, duplicates };
  }

  /** Moves each check's state to its newest observation; an older one arriving late changes nothing. */
  private async advanceCheckStates(
    manager: EntityManager,
    fresh: readonly Observation[],
  ): Promise<{ changedHostIds: Set<string>; transitions: CheckTransition[] }> {
    const newest = new Map<string, Observation>();
    for (const observation of fresh) {
      const key = checkKey(observation);
      const current = newest.get(key);
      if (!current || isNewer(observation, current)) newest.set(key, observation);
    }
    if (newest.size === 0) return { changedHostIds: new Set(), transitions: [] };
    const hostIds = [...new Set([...newest.values()].map((observation) => observation.hostId))];
    const existing = new Map<string, CheckStateEntity>();
    for (let i = 0; i < hostIds.length; i += IDS_PER_LOOKUP) {
      const rows = await manager.find(CheckStateEntity, {
        where: { hostId: In(hostIds.slice(i, i + IDS_PER_LOOKUP)) },
      });
      for (const row of rows) existing.set(checkKey(row), row);
    }
    const changedHostIds = new Set<string>();
    const transitions: CheckTransition[] = [];
    const upserts: CheckStateEntity[] = [];
    for (const [key, observation] of newest) {
      const current = existing.get(key);
      if (current && !isNewer(observation, { id: current.observationId, observedAt: current.observedAt }))
        continue;
      const next = toCheckState(observation, current);
      upserts.push(next);
      if (!current || visiblyDiffers(current, next)) changedHostIds.add(observation.hostId);
      if (!current || current.status !== next.status || current.code !== next.code) {
        transitions.push({
          hostId: next.hostId,
          check: next.check,
          target: next.target,
          before: current ? { status: current.status, code: current.code } : null,
          after: { status: next.status, code: next.code, evidence: next.evidence },
          at: Date.parse(next.observedAt),
        });
      }
    }
    await this.upsertCheckStates(manager, upserts);
    transitions.sort((a, b) => a.at - b.at);
    return { changedHostIds, transitions };
  }

  private async upsertCheckStates(
    manager: EntityManager,
    states: readonly CheckStateEntity[],
  ): Promise<void> {
    const dialect = dialectOf(manager);
    const table = tableOf(manager, CheckStateEntity);
    const updates = CHECK_STATE_COLUMNS.filter((column) => !CHECK_STATE_KEY.includes(column))
      .map((column) => `"${column}" = excluded."${column}"`)
      .join(', ');
    for (let i = 0; i < states.length; i += ROWS_PER_STATEMENT) {
      const rows = states.slice(i, i + ROWS_PER_STATEMENT);
      await manager.query(
        `INSERT INTO ${table} (${columnList(CHECK_STATE_COLUMNS)}) VALUES ` +
          `${valuesPlaceholders(dialect, rows.length, CHECK_STATE_COLUMNS.length)} ` +
          `ON CONFLICT (${columnList(CHECK_STATE_KEY)}) DO UPDATE SET ${updates}`,
        rows.flatMap(checkStateValues),
      );
    }
  }
}

function checkKey(row: { hostId: string; check: string; target: string }): string {
  return `${row.hostId}\u0000${row.check}\u0000${row.target}`;
}

/** Newer by observation time; UUIDv7 ids order observations made in the same millisecond. */
function isNewer(a: { observedAt: string; id: string }, b: { observedAt: string; id: string }): boolean {
  const at = Date.parse(a.observedAt);
  const bt = Date.parse(b.observedAt);
  return at > bt || (at === bt && a.id > b.id);
}

const OBSERVATION_COLUMNS = [
  'id',
  'host_id',
  'check',
  'target',
  'status',
  'code',
  'code_original',
  'facts',
  'evidence',
  'reason',
  'observed_at',
  'received_at',
];

function observationValues(observation: Observation, receivedAt: string): unknown[] {
  return [
    observation.id,
    observation.hostId,
    observation.check,
    observation.target,
    observation.status,
    observation.code,
    observation.codeOriginal,
    JSON.stringify(observation.facts),
    JSON.stringify(observation.evidence),
    observation.reason,
    observation.observedAt,
    receivedAt,
  ];
}

const CHECK_STATE_KEY = ['host_id', 'check', 'target'];
const CHECK_STATE_COLUMNS = [
  ...CHECK_STATE_KEY,
  'status',
  'code',
  'code_original',
  'facts',
  'evidence',
  'observation_id',
  'observed_at',
  'changed_at',
];

function checkStateValues(state: CheckStateEntity): unknown[] {
  return [
    state.hostId,
    state.check,
    state.target,
    state.status,
    state.code,
    state.codeOriginal,
    JSON.stringify(state.facts),
    JSON.stringify(state.evidence),
    state.observationId,
    state.observedAt,
    state.changedAt,
  ];
}

function toCheckState(observation: Observation, current: CheckStateEntity | undefined): CheckStateEntity {
  const sameOutcome =
    current !== undefined && current.status === observation.status && current.code === observation.code;
  return Object.assign(new CheckStateEntity(), {
    hostId: observation.hostId,
    check: observation.check,
    target: observation.target,
    status: observation.status,
    code: observation.code,
    codeOriginal: observation.codeOriginal,
    facts: observation.facts,
    evidence: observation.evidence,
    observationId: observation.id,
    observedAt: observation.observedAt,
    changedAt: sameOutcome ? current.changedAt : observation.observedAt,
  });
}

function visiblyDiffers(a: CheckStateEntity, b: CheckStateEntity): boolean {
  return (
    a.status !== b.status ||
    a.code !== b.code ||
    JSON.stringify(a.facts) !== JSON.stringify(b.facts) ||
    JSON.stringify(a.evidence) !== JSON.stringify(b.evidence)
  );
}
