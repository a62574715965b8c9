/** Medium: the ingest repository on a real SQLite file and on PostgreSQL. */
import { DatabaseWrites } from '../database/database-writes';
import { CheckStateEntity } from '../hosts/check-state.entity';
import { newServiceObservation, uuidv7 } from '../testing/factories';
import { type TestDatabase, openTestDatabase } from '../testing/databases';
import { IngestRepository } from './ingest.repository';
import { ObservationEntity } from './observation.entity';

describe.each(['sqlite', 'postgres'] as const)('IngestRepository on %s', (kind) => {
  let db: TestDatabase;
  let repository: IngestRepository;
  const hostId = uuidv7();

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    repository = new IngestRepository(new DatabaseWrites(db.dataSource));
  });

  afterAll(async () => {
    await db.drop();
  });

  const stateOf = (target: string) =>
    db.dataSource.getRepository(CheckStateEntity).findOneByOrFail({ hostId, target });

  it('stores each observation once, however often it arrives', async () => {
    const observation = newServiceObservation(hostId, { target: 'Dedupe' });
    const first = await repository.persist([observation, observation], new Date().toISOString());
    const second = await repository.persist([observation], new Date().toISOString());
    expect([...first.stored]).toEqual([observation.id]);
    expect([...second.duplicates]).toEqual([observation.id]);
    expect(await db.dataSource.getRepository(ObservationEntity).countBy({ id: observation.id })).toBe(1);
  });

  it('moves the check state to the newest observation, and a late older one changes nothing', async () => {
    const t0 = Date.parse('2026-11-22T08:00:00.000Z');
    const older = newServiceObservation(hostId, {
      id: uuidv7(t0),
      target: 'Spooler',
      observedAt: new Date(t0).toISOString(),
    });
    const newer = newServiceObservation(hostId, {
      id: uuidv7(t0 + 60_000),
      target: 'Spooler',
      status: 'failing',
      code: '0x80070057',
      observedAt: new Date(t0 + 60_000).toISOString(),
    });
    const result = await repository.persist([newer], new Date().toISOString());
    expect([...result.changedHostIds]).toEqual([hostId]);
    await repository.persist([older], new Date().toISOString());
    expect(await stateOf('Spooler')).toMatchObject({
      status: 'failing',
      code: '0x80070057',
      observationId: newer.id,
    });
  });

  it('keeps changedAt while the outcome stays the same', async () => {
    const t0 = Date.parse('2026-11-22T09:00:00.000Z');
    const at = (offset: number) => new Date(t0 + offset).toISOString();
    await repository.persist(
      [newServiceObservation(hostId, { id: uuidv7(t0), target: 'BITS', observedAt: at(0) })],
      at(0),
    );
    const snapshot = await repository.persist(
      [
        newServiceObservation(hostId, {
          id: uuidv7(t0 + 1000),
          target: 'BITS',
          observedAt: at(1000),
          reason: 'snapshot',
        }),
      ],
      at(1000),
    );
    expect(snapshot.changedHostIds.size).toBe(0);
    expect(await stateOf('BITS')).toMatchObject({ changedAt: at(0), observedAt: at(1000) });
  });

  it('stores a large batch in one go', async () => {
    const batch = Array.from({ length: 1200 }, (_, i) =>
      newServiceObservation(hostId, { target: `svc${i % 40}` }),
    );
    const result = await repository.persist(batch, new Date().toISOString());
    expect(result.stored.size).toBe(1200);
    expect(await db.dataSource.getRepository(CheckStateEntity).countBy({ hostId })).toBe(40 + 3);
  });
});
