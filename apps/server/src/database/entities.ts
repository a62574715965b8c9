/** Every entity the server persists. */
import { AuditEventEntity } from '../audit/audit-event.entity';
import { ApiTokenEntity } from '../auth/api-token.entity';
import { SessionEntity } from '../auth/session.entity';
import { UserEntity } from '../users/user.entity';
import { NOTIFICATION_ENTITIES } from '../notifications/entities';
import { ChatIdentityEntity } from '../chat/chat-identity.entity';
import { ChatRequestSeenEntity } from '../chat/chat-request-seen.entity';
import { SettingEntity } from './setting.entity';
import { FleetSampleEntity } from '../fleet/fleet-sample.entity';
import { CheckStateEntity } from '../hosts/check-state.entity';
import { HostEntity } from '../hosts/host.entity';
import { ObservationEntity } from '../ingest/observation.entity';
import { IncidentEntity } from '../incidents/incident.entity';
import { IncidentEventEntity } from '../incidents/incident-event.entity';
import { IncidentHostEntity } from '../incidents/incident-host.entity';
import { AutoRuleEntity } from '../remediation/auto-rule.entity';
import { JobEntity } from '../remediation/job.entity';
import { RolloutEntity } from '../remediation/rollout.entity';

export const ENTITIES = [
  HostEntity,
  CheckStateEntity,
  ObservationEntity,
  FleetSampleEntity,
  IncidentEntity,
  IncidentHostEntity,
  IncidentEventEntity,
  UserEntity,
  SessionEntity,
  ApiTokenEntity,
  AuditEventEntity,
  SettingEntity,
  ...NOTIFICATION_ENTITIES,
  RolloutEntity,
  JobEntity,
  AutoRuleEntity,
  ChatIdentityEntity,
  ChatRequestSeenEntity,
];
