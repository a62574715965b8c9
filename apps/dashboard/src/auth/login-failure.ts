/** Why signing in failed, as the sign-in page says it, in the person's language. */
import { type ApiRequestError, ClientErrorCode } from '../api/client';
import { type Translate, apiErrorText } from '../format/api-error';

export function loginFailureText(error: ApiRequestError, t: Translate): string {
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return t('login.wrongCredentials');
    case 'TOO_MANY_ATTEMPTS':
      return error.retryAfterSeconds === null
        ? t('login.tooManyAttemptsLater')
        : t('login.tooManyAttempts', { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
    case ClientErrorCode.Network:
      return t('login.unreachable');
    default:
      // A proxy's error page or a server failing inside: to the person, the server is not there.
      if (error.code === ClientErrorCode.BadResponse || error.statusCode >= 500)
        return t('login.unreachable');
      return t('login.refused', { detail: apiErrorText(error, t) });
  }
}
