/** Keeps the browser tab's title in step with the page and the language. */
import { watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';

export function usePageTitle(pageTitle: () => string): void {
  const { t } = useI18n();
  watchEffect(() => {
    const title = pageTitle();
    document.title = title ? `${title} · ${t('app.name')}` : t('app.name');
  });
}
