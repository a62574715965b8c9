/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { Incidents1763900000000 } from './1763900000000-incidents';
import { AccessControl1764000000000 } from './1764000000000-access-control';
import { Remediation1764100000000 } from './1764100000000-remediation';
import { Notifications1764200000000 } from './1764200000000-notifications';
import { RolloutStopReason1764300000000 } from './1764300000000-rollout-stop-reason';
import { ChatIdentities1764400000000 } from './1764400000000-chat-identities';

export const MIGRATIONS = [
  InitialSchema1763800000000,
  Incidents1763900000000,
  AccessControl1764000000000,
  Remediation1764100000000,
  Notifications1764200000000,
  RolloutStopReason1764300000000,
  ChatIdentities1764400000000,
];
