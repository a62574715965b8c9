/**
 * The fleet's enrollment secret: FLEETMEDIC_ENROLL_SECRET when set; otherwise one generated at first start
 * and kept in `<data dir>/enroll-secret` (mode 0600), so a fresh server can enroll agents without a secret
 * ever being printed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { secretsEqual } from './agent-token';

export const ENROLL_SECRET_FILE = 'enroll-secret';

@Injectable()
export class EnrollSecretService implements OnModuleInit {
  private readonly logger = new Logger(EnrollSecretService.name);
  private secret = '';

  constructor(@Inject(SERVER_CONFIG) private readonly config: ServerConfig) {}

  onModuleInit(): void {
    this.secret = this.config.enrollSecret ?? this.readOrCreateSecretFile();
  }

  matches(given: string): boolean {
    return this.secret !== '' && secretsEqual(given, this.secret);
  }

  private readOrCreateSecretFile(): string {
    const file = path.resolve(this.config.dataDir, ENROLL_SECRET_FILE);
    if (fs.existsSync(file)) {
      const stored = fs.readFileSync(file, 'utf8').trim();
      if (stored.length >= 16) {
        this.logger.log(`Enrollment secret read from ${file} (set FLEETMEDIC_ENROLL_SECRET to choose one)`);
        return stored;
      }
      this.logger.warn(`${file} holds no usable secret (fewer than 16 characters); generating a new one`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const generated = randomBytes(24).toString('base64url');
    fs.writeFileSync(file, `${generated}\n`, { mode: 0o600 });
    this.logger.log(`Enrollment secret generated in ${file} (set FLEETMEDIC_ENROLL_SECRET to choose one)`);
    return generated;
  }
}
