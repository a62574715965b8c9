/** The one mapping from every domain error code to an HTTP status. */
import { HttpStatus } from '@nestjs/common';
import { AgentsErrorCode } from '../agents/agents.errors';
import { AuthErrorCode } from '../auth/auth.errors';
import { ChatErrorCode } from '../chat/chat.errors';
import { UsersErrorCode } from '../users/users.errors';
import { HostsErrorCode } from '../hosts/hosts.errors';
import { IncidentsErrorCode } from '../incidents/incidents.errors';
import { NotificationsErrorCode } from '../notifications/notifications.errors';
import { RemediationErrorCode } from '../remediation/remediation.errors';
import { assertUnreachable } from './app-error';
import { RequestErrorCode } from './request.errors';

export type AppErrorCode =
  | RequestErrorCode
  | HostsErrorCode
  | AgentsErrorCode
  | IncidentsErrorCode
  | AuthErrorCode
  | UsersErrorCode
  | NotificationsErrorCode
  | RemediationErrorCode
  | ChatErrorCode;

export function httpStatusFor(code: AppErrorCode): HttpStatus {
  switch (code) {
    case RequestErrorCode.InvalidRequest:
    case RequestErrorCode.InvalidJson:
    case AgentsErrorCode.UnsupportedProtocolVersion:
    case RemediationErrorCode.InvalidApproval:
    case ChatErrorCode.PayloadInvalid:
    case ChatErrorCode.ApprovalLinkInvalid:
      return HttpStatus.BAD_REQUEST;
    case AgentsErrorCode.InvalidEnrollSecret:
    case AuthErrorCode.Unauthenticated:
    case AuthErrorCode.InvalidCredentials:
    case ChatErrorCode.SignatureInvalid:
    case ChatErrorCode.RequestStale:
      return HttpStatus.UNAUTHORIZED;
    case AuthErrorCode.Forbidden:
    case AuthErrorCode.CrossOriginRequest:
      return HttpStatus.FORBIDDEN;
    case AuthErrorCode.TooManyAttempts:
    case AgentsErrorCode.TooManyEnrollAttempts:
      return HttpStatus.TOO_MANY_REQUESTS;
    case UsersErrorCode.UsernameTaken:
    case UsersErrorCode.LastAdmin:
    case NotificationsErrorCode.DeliveryNotDead:
    case RemediationErrorCode.NoPlaybook:
    case RemediationErrorCode.RolloutRunning:
    case RemediationErrorCode.NothingToFix:
    case RemediationErrorCode.RolloutEnded:
    case ChatErrorCode.IdentityTaken:
    case ChatErrorCode.RequestReplayed:
      return HttpStatus.CONFLICT;
    case ChatErrorCode.ApprovalLinkExpired:
      return HttpStatus.GONE;
    case AuthErrorCode.TokenNotFound:
    case UsersErrorCode.UserNotFound:
    case AgentsErrorCode.AgentNotFound:
    case RequestErrorCode.RouteNotFound:
    case HostsErrorCode.HostNotFound:
    case IncidentsErrorCode.IncidentNotFound:
    case NotificationsErrorCode.ChannelNotFound:
    case NotificationsErrorCode.DeliveryNotFound:
    case RemediationErrorCode.RolloutNotFound:
    case RemediationErrorCode.RuleNotFound:
    case ChatErrorCode.IdentityNotFound:
      return HttpStatus.NOT_FOUND;
    case RequestErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case RequestErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case RequestErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return assertUnreachable(code);
  }
}
