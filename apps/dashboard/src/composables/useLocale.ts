/** The current language as a writable ref for the switcher: setting it saves the choice. */
import { computed, type WritableComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { saveLocale } from '../i18n';
import { type AppLocale, DEFAULT_LOCALE, isAppLocale, SUPPORTED_LOCALES } from '../i18n/locale';

export function useLocale(): { locale: WritableComputedRef<AppLocale>; locales: readonly AppLocale[] } {
  const i18n = useI18n({ useScope: 'global' });
  const locale = computed<AppLocale>({
    get: () => (isAppLocale(i18n.locale.value) ? i18n.locale.value : DEFAULT_LOCALE),
    set: (next) => {
      i18n.locale.value = next;
      saveLocale(next);
      document.documentElement.lang = next;
    },
  });
  return { locale, locales: SUPPORTED_LOCALES };
}
