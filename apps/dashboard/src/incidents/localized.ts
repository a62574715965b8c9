/** Texts the server sends in both languages (known issues, code meanings), picked for the chosen one. */
import type { LocalizedString } from '@fleetmedic/protocol';
import type { AppLocale } from '../i18n/locale';

/** The text in `locale`, falling back to English where that language's text is missing or empty. */
export function localizedText(text: LocalizedString, locale: AppLocale): string {
  const inLocale = text[locale];
  return inLocale.trim() !== '' ? inLocale : text.en;
}
