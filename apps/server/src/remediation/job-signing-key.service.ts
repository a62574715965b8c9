/**
 * The server's Ed25519 key for signing remediation jobs: generated at first start and kept in the database
 * (so every server instance on one PostgreSQL signs with the same key), its public half handed to each agent
 * at enrollment, where it is pinned.
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type RemediationJob, type SignedJob, signJob } from '@fleetmedic/protocol/remediation-job';
import { SettingsRepository } from '../database/settings.repository';

const PRIVATE_KEY_SETTING = 'job_signing_key';

@Injectable()
export class JobSigningKeyService implements OnModuleInit {
  private readonly logger = new Logger(JobSigningKeyService.name);
  private privateKey: KeyObject | undefined;
  private publicPem = '';

  constructor(private readonly settings: SettingsRepository) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.settings.find(PRIVATE_KEY_SETTING);
    if (stored) {
      this.privateKey = createPrivateKey(stored.value);
    } else {
      const { privateKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      await this.settings.save(PRIVATE_KEY_SETTING, pem, new Date().toISOString());
      this.privateKey = privateKey;
      this.logger.log(
        'Generated the job signing key (Ed25519); agents enrolled from now on pin its public key',
      );
    }
    this.publicPem = createPublicKey(this.privateKey).export({ type: 'spki', format: 'pem' }).toString();
  }

  /** SPKI PEM, as agents pin it. */
  get publicKeyPem(): string {
    return this.publicPem;
  }

  sign(job: RemediationJob): SignedJob {
    if (!this.privateKey) throw new Error('the job signing key is not loaded yet');
    return signJob(job, this.privateKey);
  }
}
