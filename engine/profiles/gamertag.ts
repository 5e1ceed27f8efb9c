import { mix32 } from '../random.js';
import { ProfileDraw, lowUniform, profileHash } from './draws.js';
import { GAMERTAG_FIRST_WORDS, GAMERTAG_SECOND_WORDS } from './vocabulary.js';

/**
 * Gamertags such as `AmazingPeony5947`, `Azure_Otter88` or `brave_anvil_903`, unique over a run
 * without any table of the names already given.
 *
 * The player index goes through a keyed bijection of uint32 (two rounds of murmur3's finalizer,
 * each a bijection, around seed-derived keys), and the result is read as mixed-radix digits:
 * (second word, first word, number). Distinct players therefore get distinct triples, and a
 * rendered tag decodes back to its triple (words are lowercase letters only, so capitals or
 * underscores mark word boundaries and the trailing digits are the number), so tags are unique,
 * even ignoring case. Indices must stay below 2^32 (a run has at most 2^30 players).
 */

const encoder = new TextEncoder();
const lower = (words: readonly string[]) => words.map((word) => encoder.encode(word));
const capitalised = (words: readonly string[]) => words.map((word) => encoder.encode(word[0]!.toUpperCase() + word.slice(1)));

const FIRST = lower(GAMERTAG_FIRST_WORDS);
const FIRST_CAPITALISED = capitalised(GAMERTAG_FIRST_WORDS);
const SECOND = lower(GAMERTAG_SECOND_WORDS);
const SECOND_CAPITALISED = capitalised(GAMERTAG_SECOND_WORDS);
const FIRST_COUNT = FIRST.length;
const SECOND_COUNT = SECOND.length;
const UNDERSCORE = 0x5f;
const ZERO = 0x30;

/** Longest tag: two 8-letter words, two underscores and the number (below 2^32 / (first × second)). */
export const MAX_GAMERTAG_BYTES = 8 + 8 + 2 + 10;

/** Shares of the three spellings: CamelCase, Camel_Case and snake_case. */
const CAMEL_SHARE = 0.55;
const UNDERSCORED_SHARE = 0.25;

let keyedSeed = -1;
let key = 0;

/** The keyed bijection on uint32 behind a seed's gamertags (the key is kept for the last seed). */
function scramble(seed: number, index: number): number {
  if (seed !== keyedSeed) {
    key = profileHash(seed, 0, ProfileDraw.gamertagKey);
    keyedSeed = seed;
  }
  return mix32(mix32((index ^ key) >>> 0) ^ Math.imul(key, 0x9e3779b1)) >>> 0;
}

/** The uniform that picks a player's spelling (the same hash also decides marketing opt-in). */
export function gamertagStyleUniform(seed: number, index: number): number {
  return lowUniform(profileHash(seed, index, ProfileDraw.marketingOptInAndGamertagStyle));
}

/**
 * Writes player `index`'s gamertag as ASCII into `out` from offset 0 (at least MAX_GAMERTAG_BYTES
 * long) and returns its length; `style` is gamertagStyleUniform(seed, index). No strings are
 * built: the lake's column takes the bytes as they are.
 */
export function writeGamertag(seed: number, index: number, style: number, out: Uint8Array): number {
  const code = scramble(seed, index);
  const second = code % SECOND_COUNT;
  const rest = Math.floor(code / SECOND_COUNT);
  const first = rest % FIRST_COUNT;
  const number = Math.floor(rest / FIRST_COUNT);
  const camel = style < CAMEL_SHARE + UNDERSCORED_SHARE;
  let length = copy((camel ? FIRST_CAPITALISED : FIRST)[first]!, out, 0);
  if (!camel || style >= CAMEL_SHARE) out[length++] = UNDERSCORE;
  length = copy((camel ? SECOND_CAPITALISED : SECOND)[second]!, out, length);
  // Number 0 is left out (no "SilentFalcon0"); the number never has leading zeros, so it decodes once.
  if (number > 0) {
    if (!camel) out[length++] = UNDERSCORE;
    length = writeDigits(number, out, length);
  }
  return length;
}

/** A byte loop: words are a few bytes, where TypedArray.set costs more than the copy. */
function copy(word: Uint8Array, out: Uint8Array, at: number): number {
  for (let i = 0; i < word.length; i++) out[at + i] = word[i]!;
  return at + word.length;
}

function writeDigits(value: number, out: Uint8Array, at: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  for (let i = digits - 1, rest = value; i >= 0; i--, rest = Math.floor(rest / 10)) out[at + i] = ZERO + (rest % 10);
  return at + digits;
}

const scratch = new Uint8Array(MAX_GAMERTAG_BYTES);
const decoder = new TextDecoder();

/** The gamertag as a string (for tests and tools; the lake writer uses `writeGamertag`). */
export function gamertag(seed: number, index: number): string {
  return decoder.decode(scratch.subarray(0, writeGamertag(seed, index, gamertagStyleUniform(seed, index), scratch)));
}
