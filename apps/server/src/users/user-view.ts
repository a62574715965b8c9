/** A user as the API shows it: never the password hash. */
import type { User } from '@fleetmedic/protocol';
import type { UserEntity } from './user.entity';

export function toUser(entity: UserEntity): User {
  return {
    id: entity.id,
    username: entity.username,
    role: entity.role,
    createdAt: entity.createdAt,
    lastLoginAt: entity.lastLoginAt,
    disabled: entity.disabled,
  };
}
