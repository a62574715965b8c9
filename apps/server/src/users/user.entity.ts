/** A person who may use FleetMedic, with one role. */
import type { Role } from '@fleetmedic/protocol';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'app_user' })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  /** scrypt, in the format of password-hasher.ts; null when the user cannot log in with a password. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'last_login_at', type: 'varchar', length: 32, nullable: true })
  lastLoginAt: string | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;
}
