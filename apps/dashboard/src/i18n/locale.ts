/** Which languages the dashboard speaks and how it picks one: the saved choice, else the browser's. */
export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];

export const DEFAULT_LOCALE: AppLocale = 'en';
export const LOCALE_STORAGE_KEY = 'fleetmedic.locale';

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Any Chinese (`zh`, `zh-CN`, `zh-Hans-SG`, even `zh-TW`) gets Simplified Chinese; everything else English. */
export function localeForLanguage(language: string | undefined): AppLocale {
  return language?.toLowerCase().startsWith('zh') ? 'zh-CN' : DEFAULT_LOCALE;
}

export function pickInitialLocale(saved: string | null, browserLanguage: string | undefined): AppLocale {
  return isAppLocale(saved) ? saved : localeForLanguage(browserLanguage);
}
