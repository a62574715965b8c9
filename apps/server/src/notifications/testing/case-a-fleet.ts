/**
 * A small fleet over real socket.io agents for alert specs: every agent says hello with facts; the first
 * `affected` carry case A's `HKLM\Software\Microsoft\Rpc\Internet` key, the rest do not; all carry the tag
 * `floor-3` (so that the key is the one factor that stands out); each can report its Print Spooler failing
 * with 0x80070057 or running again.
 */
import type { Ack, BatchAck, Observation } from '@fleetmedic/protocol';
import { newBatch, newHostFacts, newServiceObservation, uuidv7 } from '../../testing/factories';
import { type TestAgentSocket, connectAgent, enroll } from '../../testing/test-server';
import type { RunningServer } from '../../server';

export const RPC_INTERNET = 'HKLM\\Software\\Microsoft\\Rpc\\Internet';
export const FLEET_TAG = 'floor-3';

export function spoolerObservation(hostId: string, failing: boolean): Observation {
  return newServiceObservation(hostId, {
    id: uuidv7(),
    status: failing ? 'failing' : 'ok',
    code: failing ? '0x80070057' : null,
    codeOriginal: failing ? '87' : null,
    facts: {
      displayName: 'Print Spooler',
      state: failing ? 'STOPPED' : 'RUNNING',
      startType: 'AUTO_START',
      win32ExitCode: failing ? 87 : 0,
      serviceSpecificExitCode: 0,
      pid: failing ? null : 4242,
    },
    evidence: failing ? ['The Print Spooler service terminated with the following error: %%87'] : [],
  });
}

export interface FleetAgent {
  id: string;
  hostname: string;
  socket: TestAgentSocket;
}

export class CaseAFleet {
  private constructor(readonly agents: FleetAgent[]) {}

  static async start(
    server: Pick<RunningServer, 'url'>,
    options: { hosts: number; affected: number; prefix?: string },
  ): Promise<CaseAFleet> {
    const agents: FleetAgent[] = [];
    for (let i = 0; i < options.hosts; i += 1) {
      const hostname = `${options.prefix ?? 'PC'}-${String(i + 1).padStart(3, '0')}`;
      const enrollment = await enroll(server, hostname);
      const socket = await connectAgent(server, enrollment);
      const affected = i < options.affected;
      await socket.emitWithAck('hello', {
        agentVersion: '0.1.0-test',
        facts: newHostFacts({
          hostname,
          tags: [FLEET_TAG],
          watchedRegistryKeys: affected
            ? { [RPC_INTERNET]: { present: true, values: { Ports: '5000-5100' } } }
            : { [RPC_INTERNET]: { present: false } },
        }),
        sentAt: new Date().toISOString(),
      });
      agents.push({ id: enrollment.agentId, hostname, socket });
    }
    return new CaseAFleet(agents);
  }

  async report(index: number, failing: boolean): Promise<void> {
    const agent = this.agents[index];
    if (!agent) throw new Error(`no agent ${index}`);
    const ack: Ack<BatchAck> = await agent.socket.emitWithAck(
      'observations',
      newBatch([spoolerObservation(agent.id, failing)]),
    );
    if (!ack.ok) throw new Error(`observation refused: ${JSON.stringify(ack)}`);
  }

  close(): void {
    for (const agent of this.agents) agent.socket.close();
  }
}
