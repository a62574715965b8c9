/** Words for what the server sends about incidents as codes or in both languages, in the current language. */
import type {
  CommonFactor,
  IncidentEventKind,
  IncidentKnownIssue,
  IncidentStatus,
  LocalizedString,
} from '@fleetmedic/protocol';
import { useI18n } from 'vue-i18n';
import { isAppLocale, DEFAULT_LOCALE } from '../i18n/locale';
import { localizedText } from '../incidents/localized';

// Message keys are camelCase; the wire's kebab-case names map onto them here.
const EVENT_KINDS: Record<IncidentEventKind, string> = {
  opened: 'opened',
  'host-joined': 'hostJoined',
  'host-recovered': 'hostRecovered',
  resolved: 'resolved',
  reopened: 'reopened',
  acknowledged: 'acknowledged',
};

const FACTOR_KINDS: Record<CommonFactor['kind'], string> = {
  'registry-key': 'registryKey',
  'registry-value': 'registryValue',
  'os-build': 'osBuild',
  'os-version': 'osVersion',
  edition: 'edition',
  kb: 'kb',
  'agent-version': 'agentVersion',
  tag: 'tag',
  site: 'site',
  domain: 'domain',
  'pending-reboot': 'pendingReboot',
};

/** The code families the knowledge library decodes; another one shows as the server names it. */
const CODE_FAMILIES: Record<string, string> = {
  win32: 'win32',
  hresult: 'hresult',
  ntstatus: 'ntstatus',
  jet: 'jet',
  'windows-update': 'windowsUpdate',
  cbs: 'cbs',
};

export function useIncidentText() {
  const { t, locale } = useI18n();

  return {
    status: (status: IncidentStatus): string => t(`incident.status.${status}`),
    eventKind: (kind: IncidentEventKind): string => t(`incident.timeline.kinds.${EVENT_KINDS[kind]}`),
    factorKind: (kind: CommonFactor['kind']): string => t(`incident.factors.kinds.${FACTOR_KINDS[kind]}`),
    /** The factor phrased in the current language around the fact as reported (`… present`, `… 存在`). */
    factorLabel: (factor: CommonFactor): string =>
      t(`incident.factors.labels.${FACTOR_KINDS[factor.kind]}`, { value: factor.value }),
    codeFamily: (family: string): string => {
      const key = CODE_FAMILIES[family];
      return key === undefined ? family : t(`incident.code.families.${key}`);
    },
    risk: (risk: IncidentKnownIssue['risk']): string => t(`incident.knownIssues.risks.${risk}`),
    /** A text the server sends in both languages, in the current one (English where it has none). */
    localized: (text: LocalizedString): string =>
      localizedText(text, isAppLocale(locale.value) ? locale.value : DEFAULT_LOCALE),
  };
}
