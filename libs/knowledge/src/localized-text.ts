/** Text that FleetMedic shows people, in every language it speaks: English and Simplified Chinese. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export type LocalizedText = Readonly<Record<Locale, string>>;
