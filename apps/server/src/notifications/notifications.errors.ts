/** What can go wrong with channels and deliveries, by code. */
import { AppError } from '../common/app-error';

export enum NotificationsErrorCode {
  ChannelNotFound = 'CHANNEL_NOT_FOUND',
  DeliveryNotFound = 'DELIVERY_NOT_FOUND',
  DeliveryNotDead = 'DELIVERY_NOT_DEAD',
}

export class NotificationsError extends AppError<NotificationsErrorCode> {
  constructor(
    readonly code: NotificationsErrorCode,
    message: string,
  ) {
    super(message);
  }

  static channelNotFound(id: string): NotificationsError {
    return new NotificationsError(
      NotificationsErrorCode.ChannelNotFound,
      `No channel has the id ${id}. List channels with GET /api/channels.`,
    );
  }

  static deliveryNotFound(id: string): NotificationsError {
    return new NotificationsError(
      NotificationsErrorCode.DeliveryNotFound,
      `This channel has no delivery ${id}. List them with GET /api/channels/{id}/deliveries.`,
    );
  }

  static deliveryNotDead(id: string, status: string): NotificationsError {
    return new NotificationsError(
      NotificationsErrorCode.DeliveryNotDead,
      `Delivery ${id} is ${status}: only a dead letter can be sent again.`,
    );
  }
}
