/** Medium: fleet counts computed by the database agree with the protocol's definition, on SQLite and PostgreSQL. */
import { countFleet } from '@fleetmedic/protocol';
import { DatabaseWrites } from '../database/database-writes';
import { IngestRepository } from '../ingest/ingest.repository';
import { type TestDatabase, openTestDatabase } from '../testing/databases';
import { newServiceObservation, uuidv7 } from '../testing/factories';
import { CheckStateEntity } from './check-state.entity';
import { HostEntity } from './host.entity';
import { toHostSummary } from './host-summary';
import { HostsRepository } from './hosts.repository';

function newHost(online: boolean): HostEntity {
  return Object.assign(new HostEntity(), {
    id: uuidv7(),
    hostname: `PC-${Math.random().toString(36).slice(2, 8)}`,
    machineId: null,
    tokenHash: '0'.repeat(64),
    agentVersion: '1',
    enrolledAt: new Date().toISOString(),
    lastSeenAt: null,
    online,
    outboxDepth: 0,
    facts: null,
    factsUpdatedAt: null,
    revokedAt: null,
  });
}

describe.each(['sqlite', 'postgres'] as const)('HostsRepository on %s', (kind) => {
  let db: TestDatabase;
  let hosts: HostsRepository;
  let ingest: IngestRepository;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const writes = new DatabaseWrites(db.dataSource);
    hosts = new HostsRepository(
      db.dataSource.getRepository(HostEntity),
      db.dataSource.getRepository(CheckStateEntity),
      writes,
    );
    ingest = new IngestRepository(writes);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('counts the fleet exactly as countFleet does', async () => {
    const cases: { online: boolean; statuses: ('ok' | 'failing' | 'unknown')[] }[] = [
      { online: true, statuses: ['ok', 'ok'] },
      { online: true, statuses: ['ok', 'failing'] },
      { online: false, statuses: ['failing'] },
      { online: false, statuses: ['ok'] },
      { online: true, statuses: ['unknown'] },
      { online: true, statuses: [] },
      { online: true, statuses: ['ok', 'unknown'] },
    ];
    for (const { online, statuses } of cases) {
      const host = newHost(online);
      await hosts.insert(host);
      const observations = statuses.map((status, i) =>
        newServiceObservation(host.id, {
          target: `svc${i}`,
          status,
          code: status === 'failing' ? '0x80070057' : null,
        }),
      );
      if (observations.length > 0) await ingest.persist(observations, new Date().toISOString());
    }
    const summaries = (await hosts.list()).map(({ host, checks }) => toHostSummary(host, checks));
    expect(await hosts.fleetCounts()).toEqual(countFleet(summaries));
    expect(await hosts.fleetCounts()).toEqual({ total: 7, online: 5, offline: 2, healthy: 2, failing: 2 });
  });
});
