/**
 * People and their credentials: roles, login, the current principal, users, API tokens and the audit log.
 * Each role includes every right of the roles before it in ROLES.
 */
import { z } from 'zod';
import { idSchema, instantSchema } from '../common';

/** viewer reads; operator acknowledges; approver approves fixes and rules; admin manages people, channels, agents. */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** The lower of two roles: what a token may do is capped by its owner's current role. */
export function lowerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

export const roleSchema = z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` });

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const usernameSchema = z.string({ error: 'expected a user name' }).regex(USERNAME_PATTERN, {
  error: 'expected a user name of 1 to 64 letters, digits, dots, dashes, underscores or @',
});

export const newPasswordSchema = z
  .string({ error: 'expected a password' })
  .min(MIN_PASSWORD_LENGTH, { error: `expected a password of at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(MAX_PASSWORD_LENGTH, { error: `expected a password of at most ${MAX_PASSWORD_LENGTH} characters` });

export const loginRequestSchema = z.strictObject({
  username: z.string({ error: 'expected a user name' }).min(1, { error: 'expected a user name' }).max(64),
  password: z
    .string({ error: 'expected a password' })
    .min(1, { error: 'expected a password' })
    .max(MAX_PASSWORD_LENGTH),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const userSchema = z.strictObject({
  id: idSchema,
  username: z.string(),
  role: roleSchema,
  createdAt: instantSchema,
  lastLoginAt: instantSchema.nullable(),
  /** A disabled user can neither log in nor use their tokens. */
  disabled: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

/** Who is asking: a person through the dashboard's session, or through one of their API tokens. */
export const principalSchema = z.strictObject({
  user: userSchema,
  /** The role in effect for this request (a token's role is capped by its owner's). */
  role: roleSchema,
  via: z.enum(['session', 'token']),
});
export type Principal = z.infer<typeof principalSchema>;

export const userListSchema = z.strictObject({ users: z.array(userSchema) });
export type UserList = z.infer<typeof userListSchema>;

export const createUserRequestSchema = z.strictObject({
  username: usernameSchema,
  password: newPasswordSchema,
  role: roleSchema,
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .strictObject({
    role: roleSchema.optional(),
    password: newPasswordSchema.optional(),
    disabled: z.boolean({ error: 'expected true or false' }).optional(),
  })
  .refine((update) => Object.keys(update).length > 0, {
    error: 'expected at least one of role, password, disabled',
  });
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const userIdParamSchema = z.strictObject({ id: idSchema });

export const apiTokenSchema = z.strictObject({
  id: idSchema,
  name: z.string(),
  /** The most this token may do; its owner's current role caps it. */
  role: roleSchema,
  userId: idSchema,
  username: z.string(),
  createdAt: instantSchema,
  expiresAt: instantSchema.nullable(),
  lastUsedAt: instantSchema.nullable(),
  revokedAt: instantSchema.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const apiTokenListSchema = z.strictObject({ tokens: z.array(apiTokenSchema) });
export type ApiTokenList = z.infer<typeof apiTokenListSchema>;

export const createApiTokenRequestSchema = z.strictObject({
  name: z
    .string({ error: 'expected a name for the token' })
    .trim()
    .min(1, { error: 'expected a name for the token' })
    .max(100, { error: 'expected a name of at most 100 characters' }),
  /** Defaults to the creator's role; may not exceed it. */
  role: roleSchema.optional(),
  expiresInDays: z
    .number({ error: 'expected a number of days' })
    .int({ error: 'expected a whole number of days' })
    .min(1, { error: 'expected at least 1 day' })
    .max(3650, { error: 'expected at most 3650 days' })
    .optional(),
});
export type CreateApiTokenRequest = z.infer<typeof createApiTokenRequestSchema>;

/** The only time a token's value leaves the server. */
export const createdApiTokenSchema = z.strictObject({ token: apiTokenSchema, value: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

export const tokenIdParamSchema = z.strictObject({ id: idSchema });

/** The only time a new enrollment secret leaves the server. */
export const rotatedEnrollSecretSchema = z.strictObject({
  enrollSecret: z.string(),
  rotatedAt: instantSchema,
});
export type RotatedEnrollSecret = z.infer<typeof rotatedEnrollSecretSchema>;

export const agentIdParamSchema = z.strictObject({ id: idSchema });

export const revokedAgentSchema = z.strictObject({
  agentId: idSchema,
  hostname: z.string(),
  revokedAt: instantSchema,
  /** Connections closed at once. */
  disconnected: z.number().int().nonnegative(),
});
export type RevokedAgent = z.infer<typeof revokedAgentSchema>;

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export const AUDIT_ACTOR_KINDS = ['user', 'agent', 'anonymous', 'system'] as const;

export const auditActorSchema = z.strictObject({
  kind: z.enum(AUDIT_ACTOR_KINDS),
  /** The user id or agent id; absent for anonymous and system. */
  id: z.string().nullable(),
  /** The user name or hostname, or the name someone tried to log in with. */
  name: z.string().nullable(),
  /** Set when a user acted through an API token. */
  tokenId: z.string().nullable(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditEventSchema = z.strictObject({
  id: z.number().int().positive(),
  at: instantSchema,
  /** e.g. `auth.login`, `user.created`, `agent.revoked`, `agent.host_mismatch`. */
  action: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  actor: auditActorSchema,
  /** What was acted on: `user:<id>`, `token:<id>`, `agent:<id>`, `incident:<id>`. */
  target: z.string().nullable(),
  /** The client address, when the action came over the network. */
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditListSchema = z.strictObject({
  events: z.array(auditEventSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().positive().nullable(),
});
export type AuditList = z.infer<typeof auditListSchema>;

export const auditQuerySchema = z.strictObject({
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*\.?$/, {
      error: 'expected an action or its prefix, e.g. auth. or user.created',
    })
    .max(64)
    .optional(),
  before: z.coerce
    .number({ error: 'expected an event id' })
    .int({ error: 'expected an event id' })
    .positive({ error: 'expected an event id' })
    .optional(),
  limit: z.coerce
    .number({ error: 'expected a number from 1 to 500' })
    .int({ error: 'expected a number from 1 to 500' })
    .min(1, { error: 'expected a number from 1 to 500' })
    .max(500, { error: 'expected a number from 1 to 500' })
    .default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
