import { Module } from '@nestjs/common';
import { JobSigningKeyService } from './job-signing-key.service';

/** The key that signs remediation jobs: used by enrollment (its public half) and by the orchestrator. */
@Module({ providers: [JobSigningKeyService], exports: [JobSigningKeyService] })
export class JobSigningModule {}
