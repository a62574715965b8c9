/**
 * What a failed request says to a person, in their language where we know better than the server's sentence
 * (which is English): no answer at all, and a role too low, naming the role that was needed.
 */
import { type ApiRequestError, ClientErrorCode, FORBIDDEN, requiredRoleOf } from '../api/client';

/** vue-i18n's `t`, as far as these texts need it. */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

export function apiErrorText(error: ApiRequestError, t: Translate): string {
  if (error.code === ClientErrorCode.Network) return t('errors.network');
  if (error.code === FORBIDDEN) {
    const role = requiredRoleOf(error);
    return role === null
      ? t('errors.forbiddenSomeRole')
      : t('errors.forbidden', { role: t(`roles.${role}`) });
  }
  return error.message;
}
