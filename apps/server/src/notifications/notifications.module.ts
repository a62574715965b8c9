import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApprovalLinksModule } from '../chat/approval-links.module';
import { HostsModule } from '../hosts/hosts.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RemediationModule } from '../remediation/remediation.module';
import { AlertGroupEntity, ToldEntity } from './alert-group.entity';
import { AlertGroupsRepository } from './alert-groups.repository';
import { ChannelEntity } from './channel.entity';
import { ChannelsController } from './channels.controller';
import { ChannelsRepository } from './channels.repository';
import { ChannelsService } from './channels.service';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryWorker } from './delivery-worker';
import { IncidentNotificationsController } from './incident-notifications.controller';
import { NotificationsService } from './notifications.service';
import { OutboxRepository } from './outbox.repository';
import { SelfAddressService } from './self-address.service';

/** Chat channels and a durable delivery outbox; incident and rollout news grouped into messages. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ChannelEntity, DeliveryEntity, AlertGroupEntity, ToldEntity]),
    HostsModule,
    IncidentsModule,
    RemediationModule,
    ApprovalLinksModule,
  ],
  controllers: [ChannelsController, IncidentNotificationsController],
  providers: [
    AlertGroupsRepository,
    ChannelsRepository,
    ChannelsService,
    DeliveryWorker,
    NotificationsService,
    OutboxRepository,
    SelfAddressService,
  ],
  exports: [NotificationsService, ChannelsRepository, SelfAddressService],
})
export class NotificationsModule {}
