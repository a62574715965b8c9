/**
 * The dashboard's vue-i18n instance (Composition API, no legacy mode). The locale is the one saved in
 * localStorage, else the browser's language; changing it saves it and updates `<html lang>`.
 */
import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './en';
import { type AppLocale, LOCALE_STORAGE_KEY, pickInitialLocale } from './locale';
import { zhCN } from './zh-CN';

const dateTimeFormats = {
  /** In tables: day and time, 24-hour clock. */
  short: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false },
  /** In tooltips and details: the full instant. */
  long: {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  },
  /** On the chart's time axis. */
  time: { hour: '2-digit', minute: '2-digit', hour12: false },
} as const;

function readSavedLocale(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy settings); the browser language decides then.
    return null;
  }
}

export function saveLocale(locale: AppLocale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not saved: the choice still holds for this tab.
  }
}

/** The app's i18n instance, in the saved or the browser's language. */
export function createAppI18n() {
  const locale = pickInitialLocale(readSavedLocale(), window.navigator.language);
  document.documentElement.lang = locale;
  return createI18nFor(locale);
}

export function createI18nFor(locale: AppLocale) {
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, 'zh-CN': zhCN },
    datetimeFormats: { en: dateTimeFormats, 'zh-CN': dateTimeFormats },
  });
}
