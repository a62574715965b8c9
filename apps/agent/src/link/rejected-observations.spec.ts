import { ProtocolErrorCode } from '@fleetmedic/protocol/constants';
import { uuidv7 } from '../ids/uuid-v7';
import { newObservation } from '../testing/factories';
import { rejectedObservations } from './rejected-observations';

const batch = {
  batchId: uuidv7(),
  observations: Array.from({ length: 6 }, (_, i) => newObservation({ target: `S${i}` })),
};
const invalid = (...paths: string[]) => ({
  code: ProtocolErrorCode.InvalidMessage,
  message: 'Invalid observation batch',
  issues: paths.map((path) => ({ path, message: `bad ${path}` })),
});

describe('rejectedObservations', () => {
  it('picks the observations the issues name, in batch order, and renumbers the issues to match', () => {
    const result = rejectedObservations(
      batch,
      invalid('observations[5].facts.pid', 'observations[2]', 'observations[5].code'),
    );
    expect(result?.rejected).toEqual({
      batchId: batch.batchId,
      observations: [batch.observations[2], batch.observations[5]],
    });
    expect(result?.reason).toEqual({
      code: ProtocolErrorCode.InvalidMessage,
      message:
        'Invalid observations: observations[1].facts.pid: bad observations[5].facts.pid; ' +
        'observations[0]: bad observations[2]; observations[1].code: bad observations[5].code',
      issues: [
        { path: 'observations[1].facts.pid', message: 'bad observations[5].facts.pid' },
        { path: 'observations[0]', message: 'bad observations[2]' },
        { path: 'observations[1].code', message: 'bad observations[5].code' },
      ],
    });
  });

  it('blames the whole batch when an issue is not about one of its observations', () => {
    expect(rejectedObservations(batch, invalid('observations[1].code', 'batchId'))).toBeNull();
    expect(rejectedObservations(batch, invalid('observations'))).toBeNull();
    expect(rejectedObservations(batch, invalid('observations[6].code'))).toBeNull();
    expect(rejectedObservations(batch, invalid('observationsX[1]'))).toBeNull();
    expect(rejectedObservations(batch, invalid())).toBeNull();
    expect(
      rejectedObservations(batch, { code: ProtocolErrorCode.InvalidMessage, message: 'no issues' }),
    ).toBeNull();
  });
});
