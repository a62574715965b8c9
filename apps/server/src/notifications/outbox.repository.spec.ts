/**
 * Medium: the outbox and grouping state on a real SQLite file and on PostgreSQL (migrated schema): the same
 * news queued once per channel, each channel's oldest message first, an attempt claimed by one taker only,
 * a lease that runs out, dead letters queued again.
 */
import { ChannelEntity } from './channel.entity';
import { AlertGroupEntity, ToldEntity } from './alert-group.entity';
import { AlertGroupsRepository } from './alert-groups.repository';
import { ChannelsRepository } from './channels.repository';
import { DeliveryEntity } from './delivery.entity';
import { newDeliveryId } from './ids';
import { OutboxRepository } from './outbox.repository';
import { DatabaseWrites } from '../database/database-writes';
import { type TestDatabase, openTestDatabase } from '../testing/databases';
import { uuidv7 } from '../testing/factories';

const iso = (ms: number) => new Date(ms).toISOString();

function newChannel(name: string): ChannelEntity {
  return Object.assign(new ChannelEntity(), {
    id: uuidv7(),
    name,
    type: 'webhook',
    language: 'en',
    enabled: true,
    webhookUrl: 'https://hooks.example.com/x',
    signing: true,
    signingSecret: 'a-signing-secret',
    filters: { knownIssues: [], minHosts: 1, tags: [] },
    ratePerMinute: null,
    slackSigningSecret: null,
    feishuApp: null,
    createdAt: iso(Date.now()),
    updatedAt: iso(Date.now()),
  } satisfies ChannelEntity);
}

function newDelivery(channelId: string, dedupeKey: string, at = Date.now()): DeliveryEntity {
  return Object.assign(new DeliveryEntity(), {
    id: newDeliveryId(at),
    channelId,
    incidentId: null,
    kind: 'opened',
    dedupeKey,
    headline: dedupeKey,
    body: '{}',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: iso(at),
    leaseUntil: null,
    lastAttemptAt: null,
    lastStatusCode: null,
    lastError: null,
    createdAt: iso(at),
    deliveredAt: null,
  } satisfies DeliveryEntity);
}

describe.each(['sqlite', 'postgres'] as const)('outbox on %s', (kind) => {
  let db: TestDatabase;
  let outbox: OutboxRepository;
  let channels: ChannelsRepository;
  let groups: AlertGroupsRepository;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const writes = new DatabaseWrites(db.dataSource);
    outbox = new OutboxRepository(db.dataSource.getRepository(DeliveryEntity), writes);
    channels = new ChannelsRepository(db.dataSource.getRepository(ChannelEntity), writes);
    groups = new AlertGroupsRepository(
      db.dataSource.getRepository(AlertGroupEntity),
      db.dataSource.getRepository(ToldEntity),
      writes,
    );
  });

  afterAll(async () => {
    await db.drop();
  });

  it('queues the same news once per channel, with what the channel was then told', async () => {
    const channel = newChannel('once');
    await channels.insert(channel);
    const incidentId = uuidv7();
    const told = Object.assign(new ToldEntity(), {
      channelId: channel.id,
      incidentId,
      status: 'open',
      hostCount: 5,
      episode: 0,
      remediation: null,
      toldAt: iso(Date.now()),
    } satisfies ToldEntity);
    expect(await outbox.enqueue(newDelivery(channel.id, `${incidentId}:opened`), told)).toBe(true);
    expect(await outbox.enqueue(newDelivery(channel.id, `${incidentId}:opened`), told)).toBe(false);
    await Promise.all(
      Array.from({ length: 5 }, () =>
        outbox.enqueue(newDelivery(channel.id, `${incidentId}:grew:0:6`), told),
      ),
    );
    expect((await outbox.listByChannel(channel.id, null, 10)).map((row) => row.dedupeKey).sort()).toEqual([
      `${incidentId}:grew:0:6`,
      `${incidentId}:opened`,
    ]);
    expect(await groups.toldAbout(incidentId)).toEqual([
      expect.objectContaining({ hostCount: 5, status: 'open' }),
    ]);
  });

  it('offers each channel’s oldest message, to one taker at a time, until its lease runs out', async () => {
    const a = newChannel('a');
    const b = newChannel('b');
    await channels.insert(a);
    await channels.insert(b);
    const now = Date.now();
    const first = newDelivery(a.id, 'a1', now);
    const second = newDelivery(a.id, 'a2', now);
    const other = newDelivery(b.id, 'b1', now);
    for (const row of [second, first, other]) await outbox.enqueue(row, null);
    const heads = (await outbox.heads()).filter((row) => [a.id, b.id].includes(row.channelId));
    expect(heads.map((row) => row.id).sort()).toEqual([first.id, other.id].sort());

    const claims = await Promise.all([
      outbox.claim(first.id, iso(now), iso(now + 30_000)),
      outbox.claim(first.id, iso(now), iso(now + 30_000)),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await outbox.claim(first.id, iso(now + 1_000), iso(now + 31_000))).toBe(false);
    // a taker that died: its lease ends, and the message is offered again
    expect(await outbox.claim(first.id, iso(now + 31_000), iso(now + 61_000))).toBe(true);

    await outbox.finish(first.id, {
      status: 'dead',
      attempts: 3,
      lastError: 'HTTP 503',
      nextAttemptAt: null,
    });
    expect((await outbox.heads()).find((row) => row.channelId === a.id)?.id).toBe(second.id);
    await outbox.requeue(first.id, iso(now + 62_000));
    expect(await outbox.findById(first.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastError: null,
    });
    expect((await outbox.countsByChannel()).find((row) => row.channelId === a.id)).toEqual({
      channelId: a.id,
      pending: 2,
      delivered: 0,
      dead: 0,
    });
  });

  it('keeps grouping state and deletes a channel with its messages', async () => {
    const incidentId = uuidv7();
    await groups.save(
      Object.assign(new AlertGroupEntity(), {
        incidentId,
        pendingSince: iso(1_000),
        lastChangeAt: iso(2_000),
        dueAt: iso(7_000),
        remediation: null,
        updatedAt: iso(2_000),
      } satisfies AlertGroupEntity),
    );
    expect((await groups.scheduled()).map((group) => group.incidentId)).toContain(incidentId);
    const channel = newChannel('gone');
    await channels.insert(channel);
    await outbox.enqueue(newDelivery(channel.id, 'gone1'), null);
    await channels.delete(channel.id);
    expect(await outbox.listByChannel(channel.id, null, 10)).toEqual([]);
    expect(await channels.findById(channel.id)).toBeNull();
  });
});
