/**
 * @fleetmedic/protocol: the only place a message shape is defined. zod schemas validate at every boundary;
 * TypeScript types are inferred from them. Import runtime constants from `@fleetmedic/protocol/constants`
 * where zod must not be loaded (the agent).
 */
export * from './constants';
export * from './common';
export * from './host-facts';
export * from './observation';
export * from './enrollment';
export * from './agent-messages';
export * from './job-messages';
export * from './validation';
export * from './events';
export * from './fleet-health';
export * from './api/hosts';
export * from './api/fleet';
export * from './api/health';
export * from './api/incidents';
export * from './api/errors';
export * from './api/auth';
export * from './api/known-issues';
export * from './api/remediation';
export * from './api/channels';
export * from './api/chat';
