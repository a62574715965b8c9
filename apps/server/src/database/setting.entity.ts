/** A server-wide setting changed at run time (the enrollment secret's hash after a rotation, say). */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'setting' })
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
