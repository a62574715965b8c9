import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newObservation, recordingLogger } from '../testing/factories';
import { Outbox } from './outbox';

describe('Outbox', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    path = join(dir, 'outbox.jsonl');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const ids = (outbox: Outbox): string[] => outbox.peek(Number.MAX_SAFE_INTEGER).map((o) => o.id);

  it('keeps pending observations across a restart, in order', async () => {
    const observations = [
      newObservation({ target: 'Spooler' }),
      newObservation({ target: 'CryptSvc' }),
      newObservation({ target: 'KB5005030', check: 'patch', status: 'failing', code: '0x8e5e03fa' }),
    ];
    const first = await Outbox.open({ path });
    await first.append(observations);
    await first.close();

    const reopened = await Outbox.open({ path });
    expect(reopened.depth).toBe(3);
    expect(reopened.peek(10)).toEqual(observations);
    await reopened.close();
  });

  it('does not bring back acked observations after a restart', async () => {
    const observations = [newObservation(), newObservation(), newObservation(), newObservation()];
    const first = await Outbox.open({ path });
    await first.append(observations);
    await first.markDone([observations[0]!.id, observations[2]!.id]);
    await first.close();

    const reopened = await Outbox.open({ path });
    expect(ids(reopened)).toEqual([observations[1]!.id, observations[3]!.id]);
    await reopened.close();
  });

  it('hands out the oldest observations first, at most the limit', async () => {
    const observations = Array.from({ length: 5 }, () => newObservation());
    const outbox = await Outbox.open({ path });
    await outbox.append(observations);
    expect(outbox.peek(2)).toEqual(observations.slice(0, 2));
    await outbox.close();
  });

  it('survives a torn last line from a crash: drops it, keeps the rest, appends cleanly after', async () => {
    const observations = [newObservation(), newObservation()];
    const first = await Outbox.open({ path });
    await first.append(observations);
    await first.close();
    await appendFile(path, '{"observation":{"id":"0190a6b0-', 'utf8');

    const { lines, logger } = recordingLogger();
    const reopened = await Outbox.open({ path, logger });
    expect(ids(reopened)).toEqual(observations.map((o) => o.id));
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/torn/) }),
    );
    const later = newObservation();
    await reopened.append([later]);
    await reopened.close();

    const again = await Outbox.open({ path });
    expect(ids(again)).toEqual([...observations, later].map((o) => o.id));
    await again.close();
  });

  it('skips a damaged line in the middle, naming it, and keeps the others', async () => {
    const [before, after] = [newObservation(), newObservation()];
    const first = await Outbox.open({ path });
    await first.append([before]);
    await first.close();
    await appendFile(path, '{"observation":{"id":"not-a-uuid"}}\n', 'utf8');
    await appendFile(path, JSON.stringify({ observation: after }) + '\n', 'utf8');

    const { lines, logger } = recordingLogger();
    const reopened = await Outbox.open({ path, logger });
    await reopened.close();
    expect(ids(reopened)).toEqual([before.id, after.id]);
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'outbox line 2 skipped: observation.id: expected a UUID',
    });
    // The damaged line is gone from the file, so it is reported once, not at every start.
    expect(await readFile(path, 'utf8')).not.toContain('not-a-uuid');
  });

  it('compacts once most of the file is acked, keeping the unacked in order', async () => {
    const observations = Array.from({ length: 10 }, (_, i) => newObservation({ target: `Service${i}` }));
    const outbox = await Outbox.open({ path, compactAfterDone: 5, compactDoneShare: 0.5 });
    await outbox.append(observations);
    const acked = [0, 1, 3, 4, 6, 8].map((i) => observations[i]!.id);
    await outbox.markDone(acked);
    const kept = observations.filter((o) => !acked.includes(o.id));

    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(kept.length);
    expect(ids(outbox)).toEqual(kept.map((o) => o.id));

    const later = newObservation();
    await outbox.append([later]);
    await outbox.close();
    const reopened = await Outbox.open({ path });
    expect(reopened.peek(100)).toEqual([...kept, later]);
    await reopened.close();
  });

  it('ignores acks for ids it does not hold (a duplicate ack after a resend)', async () => {
    const outbox = await Outbox.open({ path });
    const observation = newObservation();
    await outbox.append([observation]);
    await outbox.markDone([observation.id]);
    await outbox.markDone([observation.id, '0190a6b0-0000-7000-8000-00000000ffff']);
    expect(outbox.depth).toBe(0);
    await outbox.close();
  });
});
