import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RemediationModule } from '../remediation/remediation.module';
import { UsersModule } from '../users/users.module';
import { ApprovalLinksController } from './approval-links.controller';
import { ApprovalLinksModule } from './approval-links.module';
import { ChatApprovalsService } from './chat-approvals.service';
import { ChatCallbacksController } from './chat-callbacks.controller';
import { ChatIdentitiesRepository } from './chat-identities.repository';
import { ChatIdentitiesService } from './chat-identities.service';
import { MyChatIdentitiesController, UserChatIdentitiesController } from './chat-identities.controller';
import { ChatIdentityEntity } from './chat-identity.entity';
import { ChatRequestsRepository } from './chat-requests.repository';
import { FeishuCardActionsService } from './feishu/feishu-card-actions.service';
import { SlackInteractionsService } from './slack/slack-interactions.service';

/**
 * Approving from chat: who a chat account is (identities), Slack's interactivity requests and Feishu's card
 * callbacks (verified, then approved as the linked user), and the signed links other platforms carry.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ChatIdentityEntity]),
    AuditModule,
    UsersModule,
    RemediationModule,
    NotificationsModule,
    ApprovalLinksModule,
  ],
  controllers: [
    UserChatIdentitiesController,
    MyChatIdentitiesController,
    ChatCallbacksController,
    ApprovalLinksController,
  ],
  providers: [
    ChatApprovalsService,
    ChatIdentitiesRepository,
    ChatIdentitiesService,
    ChatRequestsRepository,
    FeishuCardActionsService,
    SlackInteractionsService,
  ],
})
export class ChatModule {}
