/** The notification module's entities, registered in one line of database/entities.ts. */
import { AlertGroupEntity, ToldEntity } from './alert-group.entity';
import { ChannelEntity } from './channel.entity';
import { DeliveryEntity } from './delivery.entity';

export const NOTIFICATION_ENTITIES = [ChannelEntity, DeliveryEntity, AlertGroupEntity, ToldEntity];
