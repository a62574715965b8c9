/**
 * How many malformed inputs each fuzz property generates, in one place, so that the total is checked
 * against issue 5's minimum by both specs and cannot shrink unnoticed. Tuned to keep the two specs under
 * about a minute together.
 */

/** The fewest malformed inputs the two fuzz specs must generate together (issue 5). */
export const MIN_FUZZ_INPUTS = 10_000;

/** One seed for every property: a failure prints its path and replays exactly. */
export const FUZZ_SEED = 20261204;

/** agent-protocol.fuzz.spec.ts, per property. */
export const AGENT_FUZZ_RUNS = {
  observationsBroken: 4000,
  observationsAnyJson: 600,
  observationsAnyValue: 400,
  observationsLarge: 12,
  helloBroken: 1400,
  helloAnyJson: 100,
  factsBroken: 1400,
  factsAnyJson: 100,
  heartbeatBroken: 250,
  heartbeatAnyJson: 50,
  oversized: 3,
} as const;

/** rest-bodies.fuzz.spec.ts, per property. */
export const REST_FUZZ_RUNS = {
  loginBroken: 800,
  loginAnyJson: 200,
  loginWrongCredentials: 20,
  createUserBroken: 800,
  createUserAnyJson: 200,
  updateUserBroken: 600,
  updateUserAnyJson: 150,
  userIdParam: 300,
  tokenBroken: 600,
  tokenAnyJson: 150,
  enrollBroken: 800,
  enrollAnyJson: 200,
  enrollWrongSecret: 100,
  incidentsQuery: 500,
  auditQuery: 500,
  notJson: 800,
  unreadableBody: 300,
  largeBody: 12,
} as const;

export function sum(table: Readonly<Record<string, number>>): number {
  return Object.values(table).reduce((total, value) => total + value, 0);
}

/** chat-callbacks.fuzz.spec.ts, per property. */
export const CHAT_FUZZ_RUNS = {
  slackUnsigned: 400,
  slackSigned: 400,
  feishuUnsigned: 400,
  feishuSigned: 400,
  feishuEncrypted: 300,
} as const;
