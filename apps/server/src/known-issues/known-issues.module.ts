import { Module } from '@nestjs/common';
import { KnownIssuesController } from './known-issues.controller';

@Module({ controllers: [KnownIssuesController] })
export class KnownIssuesModule {}
