import { CapLanguage } from '../languages';
import { en, MessageCatalogue } from './en.messages';
import { es } from './es.messages';
import { fr } from './fr.messages';
import { pt } from './pt.messages';

export const catalogues: Readonly<Record<CapLanguage, MessageCatalogue>> = { es, en, pt, fr };
