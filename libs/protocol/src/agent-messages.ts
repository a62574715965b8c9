/** Messages on `/agents` other than observation batches, and the acks and errors the server answers with. */
import { z } from 'zod';
import { instantSchema } from './common';
import { ProtocolErrorCode } from './constants';
import { hostFactsSchema } from './host-facts';

/** First message after connecting: who the agent is and what its PC looks like. */
export const helloSchema = z.strictObject({
  agentVersion: z.string().min(1).max(64),
  facts: hostFactsSchema,
  sentAt: instantSchema,
});
export type Hello = z.infer<typeof helloSchema>;

/** Settings the server hands the agent in reply to hello. */
export const helloReplySchema = z.strictObject({
  ok: z.literal(true),
  serverTime: instantSchema,
  heartbeatIntervalMs: z.number().int().positive(),
});
export type HelloReply = z.infer<typeof helloReplySchema>;

export const heartbeatSchema = z.strictObject({
  sentAt: instantSchema,
  /** Observations waiting in the agent's outbox: a backlog the server can show. */
  outboxDepth: z.number().int().nonnegative(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** Host facts changed since hello (a KB installed, a watched key appeared). */
export const factsUpdateSchema = z.strictObject({
  facts: hostFactsSchema,
  sentAt: instantSchema,
});
export type FactsUpdate = z.infer<typeof factsUpdateSchema>;

/** One problem in a message: where (`observations[3].code`) and what. */
export interface ProtocolIssue {
  path: string;
  message: string;
}

export interface ProtocolError {
  code: ProtocolErrorCode;
  /** A sentence naming the problem, e.g. `observations[3].code: expected an error code as 8-digit lowercase hex`. */
  message: string;
  issues?: ProtocolIssue[];
}

export interface ErrorAck {
  ok: false;
  error: ProtocolError;
}

/** Reply to an observation batch: every observation of the batch is stored (some perhaps already were). */
export interface BatchAck {
  ok: true;
  batchId: string;
  stored: number;
  duplicates: number;
}

export interface OkAck {
  ok: true;
}

export type Ack<T extends { ok: true }> = T | ErrorAck;

export const protocolErrorCodeSchema = z.enum(Object.values(ProtocolErrorCode) as [ProtocolErrorCode]);
