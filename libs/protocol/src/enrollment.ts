/**
 * Enrollment (REST `POST /api/agents/enroll`): an agent presents the fleet's enrollment secret once and
 * receives its own agent id and token. The token authenticates every later connection to `/agents`.
 */
import { z } from 'zod';
import { idSchema } from './common';

export const enrollmentRequestSchema = z.strictObject({
  enrollSecret: z.string().min(1, { error: 'the enrollment secret is required' }).max(512),
  hostname: z.string().min(1).max(255),
  agentVersion: z.string().min(1).max(64),
  protocolVersion: z.number().int().positive(),
  /**
   * A stable machine identity (Windows' MachineGuid). Enrolling again with the same one keeps the host's
   * id and history and replaces its token, so that reinstalling an agent does not duplicate the PC.
   */
  machineId: z.string().min(1).max(128).optional(),
});
export type EnrollmentRequest = z.infer<typeof enrollmentRequestSchema>;

export const enrollmentResponseSchema = z.strictObject({
  agentId: idSchema,
  agentToken: z.string().min(32),
  protocolVersion: z.number().int().positive(),
  /**
   * The server's Ed25519 public key (SPKI PEM). The agent pins it: it runs only remediation jobs signed with
   * the matching private key (see @fleetmedic/protocol/remediation-job).
   */
  serverPublicKey: z.string().startsWith('-----BEGIN PUBLIC KEY-----'),
});
export type EnrollmentResponse = z.infer<typeof enrollmentResponseSchema>;

/** What an agent puts in the socket.io handshake `auth` of `/agents`. */
export const agentAuthSchema = z.strictObject({
  agentId: idSchema,
  token: z.string().min(1).max(512),
  protocolVersion: z.number().int().positive(),
});
export type AgentAuth = z.infer<typeof agentAuthSchema>;
