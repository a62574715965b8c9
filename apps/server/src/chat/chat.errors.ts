/** What can go wrong when approving from chat, by code. */
import { AppError } from '../common/app-error';

export enum ChatErrorCode {
  IdentityNotFound = 'CHAT_IDENTITY_NOT_FOUND',
  IdentityTaken = 'CHAT_IDENTITY_TAKEN',
  /** The request's signature does not verify (or no channel is set up to verify it). */
  SignatureInvalid = 'CHAT_SIGNATURE_INVALID',
  /** Its timestamp is more than five minutes off: a replay, or a clock far off. */
  RequestStale = 'CHAT_REQUEST_STALE',
  /** The very same signed request came before. */
  RequestReplayed = 'CHAT_REQUEST_REPLAYED',
  /** Signed, but not a payload FleetMedic understands. */
  PayloadInvalid = 'CHAT_PAYLOAD_INVALID',
  ApprovalLinkInvalid = 'APPROVAL_LINK_INVALID',
  ApprovalLinkExpired = 'APPROVAL_LINK_EXPIRED',
}

export class ChatError extends AppError<ChatErrorCode> {
  constructor(
    readonly code: ChatErrorCode,
    message: string,
  ) {
    super(message);
  }

  static identityNotFound(id: string): ChatError {
    return new ChatError(
      ChatErrorCode.IdentityNotFound,
      `This user has no chat identity ${id}. List them with GET /api/users/{id}/chat-identities.`,
    );
  }

  static identityTaken(what: string, username: string): ChatError {
    return new ChatError(
      ChatErrorCode.IdentityTaken,
      `${what} is already linked to ${username}; unlink it there first.`,
    );
  }

  static signatureInvalid(): ChatError {
    return new ChatError(
      ChatErrorCode.SignatureInvalid,
      'The request signature does not verify with any channel’s secret.',
    );
  }

  static stale(): ChatError {
    return new ChatError(
      ChatErrorCode.RequestStale,
      'The request timestamp is more than five minutes away from the server’s clock.',
    );
  }

  static replayed(): ChatError {
    return new ChatError(ChatErrorCode.RequestReplayed, 'This signed request was already received.');
  }

  static payloadInvalid(detail: string): ChatError {
    return new ChatError(
      ChatErrorCode.PayloadInvalid,
      `The payload is not one FleetMedic handles: ${detail}.`,
    );
  }
}
