import { Module } from '@nestjs/common';
import { JobSigningKeyService } from './job-signing-key.service';

/** Remediation: so far the key that signs jobs (the orchestrator comes next). */
@Module({ providers: [JobSigningKeyService], exports: [JobSigningKeyService] })
export class RemediationModule {}
