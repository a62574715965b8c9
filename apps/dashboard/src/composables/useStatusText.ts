/** Words for the statuses and states the server sends as codes, in the current language. */
import type { HostHealth, ObservationStatus } from '@fleetmedic/protocol';
import { CHECKS, SERVICE_START_TYPES, SERVICE_STATES } from '@fleetmedic/protocol/constants';
import { useI18n } from 'vue-i18n';

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

export function useStatusText() {
  const { t } = useI18n();

  return {
    health: (health: HostHealth): string => t(`status.health.${health}`),
    checkStatus: (status: ObservationStatus): string => t(`status.check.${status}`),
    online: (online: boolean): string => t(online ? 'status.online' : 'status.offline'),
    /** Check kinds the dashboard does not know yet ("more later") show as the server names them. */
    checkKind: (check: string): string => (isOneOf(CHECKS, check) ? t(`checkKind.${check}`) : check),
    /** SCM state names; an unexpected one shows verbatim rather than not at all. */
    serviceState: (state: string): string =>
      isOneOf(SERVICE_STATES, state) ? t(`serviceState.${state}`) : state,
    startType: (startType: string): string =>
      isOneOf(SERVICE_START_TYPES, startType) ? t(`startType.${startType}`) : startType,
  };
}
