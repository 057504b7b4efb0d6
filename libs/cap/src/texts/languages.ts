/** The languages of the Declaration's states, in which Atalaya writes its CAP texts. */
export const capLanguages = ['es', 'en', 'pt', 'fr'] as const;
export type CapLanguage = (typeof capLanguages)[number];

/**
 * The `language` of each `info` block, also the locale its numbers and dates are formatted in: Latin American
 * Spanish (`es-419`, the region of the recipients) and Brazilian Portuguese (`pt-BR`, the one Portuguese-speaking
 * state) where the variant shows in the texts; English and French plain, as their readers in the Americas
 * (Caribbean, Canada, Haiti) share one written standard for these texts.
 */
export const CAP_LANGUAGE_TAGS: Readonly<Record<CapLanguage, string>> = {
  es: 'es-419',
  en: 'en',
  pt: 'pt-BR',
  fr: 'fr',
};

/** The Atalaya language of a CAP `language` tag (`es-419`, `es`, `pt-BR`…), if it is one of them. */
export function capLanguageOf(tag: string): CapLanguage | undefined {
  const primary = tag.split('-')[0].toLowerCase();
  return capLanguages.find((l) => l === primary);
}
