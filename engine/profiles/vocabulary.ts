import { faker } from '@faker-js/faker/locale/en';

/**
 * The words gamertags are made of, taken from Faker's English locale definitions (its word,
 * colour, animal, team, element and hacker lists) and nothing else of Faker: no Faker instance is seeded or
 * called per player, which at 20M players would be the expensive path. Sprint's own keyed hash
 * picks indices into these lists (gamertag.ts).
 *
 * The lists depend on the exact Faker version (package.json pins it): another version's lists
 * give other gamertags for the same seed. Words are kept only when they are plain lowercase ASCII
 * letters, so that a capital or an underscore always marks a word boundary and a trailing digit
 * run is always the number, which is what makes a rendered gamertag decode to one player.
 */

const definitions = faker.rawDefinitions;
const PLAIN_WORD = /^[a-z]{3,8}$/;

/** Lists Faker's types do not declare (team) arrive as unknown: anything but a list of strings adds nothing. */
function plainWords(...lists: unknown[]): string[] {
  const words = new Set<string>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const word of list) if (typeof word === 'string' && PLAIN_WORD.test(word)) words.add(word);
  }
  return [...words];
}

/** First words: adjectives and colours ("silent", "azure"). */
export const GAMERTAG_FIRST_WORDS: readonly string[] = Object.freeze(plainWords(definitions.word?.adjective, definitions.color?.human));

/** Second words: animals, creatures, chemical elements, then nouns ("falcon", "wolves", "cobalt", "anvil"). */
export const GAMERTAG_SECOND_WORDS: readonly string[] = Object.freeze(
  plainWords(
    definitions.animal?.type,
    definitions.team?.creature,
    (definitions.science?.chemical_element ?? []).map((element) => element.name.toLowerCase()),
    definitions.hacker?.noun,
    definitions.word?.noun,
  ),
);

if (GAMERTAG_FIRST_WORDS.length < 100 || GAMERTAG_SECOND_WORDS.length < 100) {
  throw new Error('Faker\'s English word lists are missing: is @faker-js/faker installed at the version package.json pins?');
}
