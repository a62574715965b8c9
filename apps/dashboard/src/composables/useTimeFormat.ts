/** Relative ("3 min ago") and absolute instants in the current language, ticking with the shared clock. */
import { useI18n } from 'vue-i18n';
import { relativeTimeMessageKey, relativeTimeSince } from '../format/relative-time';
import { useNow } from './useNow';

export function useTimeFormat() {
  const { t, d } = useI18n();
  const now = useNow();

  function since(instant: string | null): string {
    const relative = relativeTimeSince(instant, now.value);
    return t(relativeTimeMessageKey(relative), { n: 'value' in relative ? relative.value : 0 });
  }

  function absolute(instant: string | null, format: 'short' | 'long' = 'long'): string {
    if (instant === null) return t('time.never');
    const at = new Date(instant);
    return Number.isNaN(at.getTime()) ? instant : d(at, format);
  }

  return { since, absolute };
}
