/** Checks the credentials an agent presents when it connects to `/agents`. */
import { Injectable } from '@nestjs/common';
import { ConnectRefusal, PROTOCOL_VERSION, agentAuthSchema, parseWith } from '@fleetmedic/protocol';
import { HostsRepository } from '../hosts/hosts.repository';
import { secretTokenMatches } from '../common/secrets';

export type AuthenticationResult =
  { ok: true; hostId: string } | { ok: false; refusal: ConnectRefusal; message: string };

@Injectable()
export class AgentAuthenticator {
  constructor(private readonly hosts: HostsRepository) {}

  async authenticate(auth: unknown): Promise<AuthenticationResult> {
    const parsed = parseWith(agentAuthSchema, auth);
    if (!parsed.ok) {
      return {
        ok: false,
        refusal: ConnectRefusal.MissingCredentials,
        message: `Missing or malformed agent credentials in the handshake (${parsed.message}). Enroll the agent first.`,
      };
    }
    const { agentId, token, protocolVersion } = parsed.value;
    if (protocolVersion !== PROTOCOL_VERSION) {
      return {
        ok: false,
        refusal: ConnectRefusal.UnsupportedVersion,
        message: `This server speaks protocol version ${PROTOCOL_VERSION}, the agent ${protocolVersion}.`,
      };
    }
    const host = await this.hosts.findById(agentId);
    if (!host || !secretTokenMatches(token, host.tokenHash)) {
      return {
        ok: false,
        refusal: ConnectRefusal.InvalidCredentials,
        message: 'Unknown agent or wrong token. Enroll the agent again.',
      };
    }
    if (host.revokedAt !== null) {
      return {
        ok: false,
        refusal: ConnectRefusal.Revoked,
        message: `An admin revoked this agent at ${host.revokedAt}. Enroll the agent again.`,
      };
    }
    return { ok: true, hostId: host.id };
  }
}
