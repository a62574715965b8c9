/** Unit: how ingest batches writes across agents and isolates a failing batch (a fake repository). */
import type { Observation } from '@fleetmedic/protocol';
import type { ServerConfig } from '../config/config.schema';
import { HostEvents } from '../hosts/host-events';
import { newServiceObservation, uuidv7 } from '../testing/factories';
import type { IngestRepository, PersistResult } from './ingest.repository';
import { CheckTransitions } from './check-transitions';
import { IngestService } from './ingest.service';

class FakeIngestRepository {
  readonly writes: Observation[][] = [];
  readonly stored = new Set<string>();
  poison = new Set<string>();

  async persist(observations: readonly Observation[]): Promise<PersistResult> {
    this.writes.push([...observations]);
    if (observations.some((observation) => this.poison.has(observation.id)))
      throw new Error('value too long');
    const result: PersistResult = {
      stored: new Set(),
      duplicates: new Set(),
      changedHostIds: new Set(),
      transitions: [],
    };
    for (const observation of observations) {
      if (this.stored.has(observation.id)) result.duplicates.add(observation.id);
      else {
        this.stored.add(observation.id);
        result.stored.add(observation.id);
        result.changedHostIds.add(observation.hostId);
      }
    }
    return result;
  }
}

function setup(ingestFlushMs = 5) {
  const repository = new FakeIngestRepository();
  const events = new HostEvents();
  const changed: string[][] = [];
  events.changed$.subscribe((ids) => changed.push(ids));
  const service = new IngestService(
    { ingestFlushMs } as ServerConfig,
    repository as unknown as IngestRepository,
    events,
    new CheckTransitions(),
  );
  return { repository, service, changed };
}

const hostA = uuidv7();
const hostB = uuidv7();

describe('IngestService', () => {
  it('writes batches from several agents in one go and acks each with its own counts', async () => {
    const { repository, service, changed } = setup();
    const a = [newServiceObservation(hostA), newServiceObservation(hostA, { target: 'BITS' })];
    const b = [newServiceObservation(hostB)];
    const [ackA, ackB] = await Promise.all([service.submit(a), service.submit(b)]);
    expect(ackA).toEqual({ stored: 2, duplicates: 0 });
    expect(ackB).toEqual({ stored: 1, duplicates: 0 });
    expect(repository.writes).toHaveLength(1);
    expect(changed.flat().sort()).toEqual([hostA, hostB].sort());
  });

  it('counts a resent observation as a duplicate', async () => {
    const { service } = setup();
    const observation = newServiceObservation(hostA);
    await service.submit([observation]);
    await expect(service.submit([observation])).resolves.toEqual({ stored: 0, duplicates: 1 });
  });

  it('fails only the batch the database refuses, not the others written with it', async () => {
    const { repository, service } = setup();
    const bad = newServiceObservation(hostA);
    repository.poison.add(bad.id);
    const good = newServiceObservation(hostB);
    const [badResult, goodResult] = await Promise.allSettled([service.submit([bad]), service.submit([good])]);
    expect(badResult).toMatchObject({ status: 'rejected', reason: new Error('value too long') });
    expect(goodResult).toEqual({ status: 'fulfilled', value: { stored: 1, duplicates: 0 } });
    expect(repository.stored.has(good.id)).toBe(true);
  });

  it('writes at once, without waiting for the timer, when many observations are queued', async () => {
    const { repository, service } = setup(60_000);
    const many = Array.from({ length: 2000 }, () => newServiceObservation(hostA));
    await expect(service.submit(many)).resolves.toEqual({ stored: 2000, duplicates: 0 });
    expect(repository.writes).toHaveLength(1);
  });

  it('writes what is queued before shutting down, and still accepts work afterwards', async () => {
    const { repository, service } = setup(60_000);
    const pending = service.submit([newServiceObservation(hostA)]);
    await service.beforeApplicationShutdown();
    await expect(pending).resolves.toEqual({ stored: 1, duplicates: 0 });
    expect(repository.writes).toHaveLength(1);
    const late = service.submit([newServiceObservation(hostB)]);
    await service.beforeApplicationShutdown();
    await expect(late).resolves.toEqual({ stored: 1, duplicates: 0 });
  });
});
