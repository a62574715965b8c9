/**
 * The agent builds observations without zod (memory budget), so this spec holds them to the real protocol
 * schemas: every shape the runner makes, healthy and failing, must be accepted by the server as it is.
 */
import { once } from 'node:events';
import { hostFactsSchema, observationBatchSchema } from '@fleetmedic/protocol';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { uuidv7 } from '../ids/uuid-v7';
import { TEST_HOST_ID } from '../testing/factories';
import { CheckRunner, type ProbeCycle } from './check-runner';
import { RPC_INTERNET_KEY } from './watch-list';

const CASE_B_EVIDENCE = [
  '2021-11-22 08:50:03, Info                  CBS    Failed call to CryptCATAdminAddCatalog. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Info                  CBS    Failed to install catalog file \\\\?\\C:\\Windows\\CbsTemp\\30924600_3524334508\\Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3.cat for package [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
  '2021-11-22 08:50:03, Error                 CBS    Failed to process single phase execution. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
];

describe('observations against the protocol schema', () => {
  it('accepts every observation the runner makes, in every state the field cases produce', async () => {
    const host = new SimulatedHost({ seed: 5 });
    const runner = new CheckRunner({ host, hostId: () => TEST_HOST_ID, probeIntervalMs: 60_000 });
    const made: ProbeCycle[] = [];
    runner.on('cycle', (cycle) => made.push(cycle));
    const facts: unknown[] = [];
    runner.on('facts', (latest) => facts.push(latest));
    await runner.start();

    const changes = once(runner, 'cycle');
    host.failServiceStart('Spooler', '0x80070057', [
      'Service Control Manager 7000: The Print Spooler service failed to start.',
    ]);
    host.failServiceStart('W32Time', 1060);
    host.failPatch('KB5005030', '0x8e5e03fa', CASE_B_EVIDENCE);
    host.setRegistryKey(RPC_INTERNET_KEY, {
      Ports: '5000-5100',
      PortsInternetAvailable: 'Y',
      UseInternetPorts: 'Y',
    });
    host.setPendingReboot(true, ['Component Based Servicing', 'PendingFileRenameOperations']);
    host.failProbe('registry', 'x'.repeat(5000));
    await changes;
    await runner.stop();

    const observations = made.flatMap((cycle) => cycle.observations);
    expect(observations.some((o) => o.status === 'failing')).toBe(true);
    expect(observations.some((o) => o.status === 'unknown')).toBe(true);
    const result = observationBatchSchema.safeParse({ batchId: uuidv7(), observations });
    expect(result.success ? [] : result.error.issues).toEqual([]);
    for (const latest of facts) expect(hostFactsSchema.safeParse(latest).success).toBe(true);
  });
});
