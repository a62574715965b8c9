import { Module } from '@nestjs/common';
import { ApprovalLinksService } from './approval-links.service';

/** The key that signs approval links: used when messages are written (notifications) and when a link is opened. */
@Module({ providers: [ApprovalLinksService], exports: [ApprovalLinksService] })
export class ApprovalLinksModule {}
