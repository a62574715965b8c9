/** Medium: on SQLite, transactions begun at once take turns instead of colliding on the one connection. */
import { HostEntity } from '../hosts/host.entity';
import { type TestDatabase, openTestDatabase } from '../testing/databases';
import { uuidv7 } from '../testing/factories';
import { DatabaseWrites } from './database-writes';

describe.each(['sqlite', 'postgres'] as const)('DatabaseWrites on %s', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });

  afterAll(async () => {
    await db.drop();
  });

  function host(hostname: string): HostEntity {
    return Object.assign(new HostEntity(), {
      id: uuidv7(),
      hostname,
      machineId: null,
      tokenHash: '0'.repeat(64),
      agentVersion: '1',
      enrolledAt: new Date().toISOString(),
      lastSeenAt: null,
      online: false,
      outboxDepth: 0,
      facts: null,
      factsUpdatedAt: null,
      revokedAt: null,
    });
  }

  it('runs many concurrent transactions, each whole, and a failing one changes nothing', async () => {
    const writes = new DatabaseWrites(db.dataSource);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        writes.transaction(async (manager) => {
          await manager.insert(HostEntity, host(`PC-${i}-a`));
          await new Promise((resolve) => setImmediate(resolve));
          if (i === 7) throw new Error('refused');
          await manager.insert(HostEntity, host(`PC-${i}-b`));
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    const names = (await db.dataSource.getRepository(HostEntity).find()).map((row) => row.hostname);
    expect(names).toHaveLength(38);
    expect(names).not.toContain('PC-7-a');
  });
});
