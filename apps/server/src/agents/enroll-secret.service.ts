/**
 * The fleet's enrollment secret: FLEETMEDIC_ENROLL_SECRET when set; otherwise one generated at first start
 * and kept in `<data dir>/enroll-secret` (mode 0600), so a fresh server can enroll agents without a secret
 * ever being printed. An admin may rotate it: the new secret is shown once, its hash is kept in the
 * database and from then on it alone enrolls agents (the variable and the file's old value no longer do).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { RotatedEnrollSecret } from '@fleetmedic/protocol';
import { hashSecretToken } from '../common/secrets';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { SettingsRepository } from '../database/settings.repository';

export const ENROLL_SECRET_FILE = 'enroll-secret';
/** The setting that holds the SHA-256 of a rotated secret. */
const ROTATED_SECRET_SETTING = 'enroll_secret_sha256';

@Injectable()
export class EnrollSecretService implements OnModuleInit {
  private readonly logger = new Logger(EnrollSecretService.name);
  private secretHash: Buffer | undefined;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const rotated = await this.settings.find(ROTATED_SECRET_SETTING);
    if (rotated) {
      this.secretHash = Buffer.from(rotated.value, 'hex');
      if (
        this.config.enrollSecret !== undefined &&
        hashSecretToken(this.config.enrollSecret) !== rotated.value
      )
        this.logger.warn(
          `The enrollment secret was rotated at ${rotated.updatedAt}; FLEETMEDIC_ENROLL_SECRET no longer enrolls agents`,
        );
      return;
    }
    const secret = this.config.enrollSecret ?? this.readOrCreateSecretFile();
    this.secretHash = Buffer.from(hashSecretToken(secret), 'hex');
  }

  matches(given: string): boolean {
    if (this.secretHash === undefined) return false;
    return timingSafeEqual(Buffer.from(hashSecretToken(given), 'hex'), this.secretHash);
  }

  /** A new secret, effective at once; the old one enrolls nothing more. Agents already enrolled keep working. */
  async rotate(): Promise<RotatedEnrollSecret> {
    const secret = randomBytes(24).toString('base64url');
    const hash = hashSecretToken(secret);
    const rotatedAt = new Date().toISOString();
    await this.settings.save(ROTATED_SECRET_SETTING, hash, rotatedAt);
    this.secretHash = Buffer.from(hash, 'hex');
    if (this.config.enrollSecret === undefined) this.writeSecretFile(this.secretFile(), secret);
    return { enrollSecret: secret, rotatedAt };
  }

  private secretFile(): string {
    return path.resolve(this.config.dataDir, ENROLL_SECRET_FILE);
  }

  private readOrCreateSecretFile(): string {
    const file = this.secretFile();
    if (fs.existsSync(file)) {
      const stored = fs.readFileSync(file, 'utf8').trim();
      if (stored.length >= 16) {
        this.logger.log(`Enrollment secret read from ${file} (set FLEETMEDIC_ENROLL_SECRET to choose one)`);
        return stored;
      }
      this.logger.warn(`${file} holds no usable secret (fewer than 16 characters); generating a new one`);
    }
    const generated = randomBytes(24).toString('base64url');
    this.writeSecretFile(file, generated);
    this.logger.log(`Enrollment secret generated in ${file} (set FLEETMEDIC_ENROLL_SECRET to choose one)`);
    return generated;
  }

  private writeSecretFile(file: string, secret: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
}
