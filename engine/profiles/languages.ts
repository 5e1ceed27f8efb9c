import { COUNTRY_CODES } from '../countries.js';
import { cumulativeShares, pickCumulative } from '../random.js';

/**
 * The language a player's client runs in, as a BCP 47 tag whose region is always the player's
 * country: pt-BR in Brazil; en-CA and fr-CA in Canada; some players in non-English countries run
 * the game in English (as many PC players do), still tagged with their country (en-SE).
 * Shares are rough national language shares among gamers.
 */
const LANGUAGES_BY_COUNTRY: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  US: [['en', 0.87], ['es', 0.13]],
  CA: [['en', 0.78], ['fr', 0.22]],
  MX: [['es', 1]],
  BR: [['pt', 1]],
  AR: [['es', 1]],
  CL: [['es', 1]],
  GB: [['en', 1]],
  DE: [['de', 0.92], ['en', 0.08]],
  FR: [['fr', 0.96], ['en', 0.04]],
  ES: [['es', 0.9], ['ca', 0.06], ['en', 0.04]],
  IT: [['it', 0.96], ['en', 0.04]],
  PL: [['pl', 0.93], ['en', 0.07]],
  NL: [['nl', 0.8], ['en', 0.2]],
  SE: [['sv', 0.78], ['en', 0.22]],
  TR: [['tr', 1]],
  RU: [['ru', 1]],
  JP: [['ja', 1]],
  KR: [['ko', 1]],
  CN: [['zh', 1]],
  IN: [['en', 0.7], ['hi', 0.3]],
  PH: [['en', 0.6], ['fil', 0.4]],
  AU: [['en', 1]],
  NZ: [['en', 1]],
  SA: [['ar', 0.9], ['en', 0.1]],
  AE: [['ar', 0.55], ['en', 0.45]],
  ZA: [['en', 0.85], ['af', 0.15]],
};

const perCountry = COUNTRY_CODES.map((code) => {
  const languages = LANGUAGES_BY_COUNTRY[code];
  if (!languages) throw new Error(`no languages listed for country ${code}`);
  return { tags: languages.map(([language]) => `${language}-${code}`), cumulative: cumulativeShares(languages.map(([, share]) => share)) };
});

/** Every tag the lake can hold, in the order of the players file's dictionary. */
export const LANGUAGE_TAGS: readonly string[] = Object.freeze(perCountry.flatMap((country) => country.tags));

/** Per country index: the dictionary index of each of its languages. */
const TAG_INDEX: readonly Uint8Array[] = perCountry.map((country) => Uint8Array.from(country.tags, (tag) => LANGUAGE_TAGS.indexOf(tag)));

/** The dictionary index (into LANGUAGE_TAGS) of the language for a country and a uniform draw. */
export function languageIndex(country: number, u: number): number {
  return TAG_INDEX[country]![pickCumulative(perCountry[country]!.cumulative, u)]!;
}
