import { ageBandOf, behaviourCode, channelOf } from './behaviour.js';
import { deviceIndex } from './devices.js';
import { ProfileDraw, highUniform, lowUniform, profileHash } from './draws.js';
import { MAX_GAMERTAG_BYTES, writeGamertag } from './gamertag.js';
import { languageIndex } from './languages.js';
import { marketingOptIn } from './marketingOptIn.js';

/**
 * One player's profile, as dictionary indices (LANGUAGE_TAGS, AGE_BANDS, DEVICES,
 * ACQUISITION_CHANNELS) and the gamertag's ASCII bytes. One object is reused for every player of
 * a block: the players file is written without a per-player allocation.
 */
export interface PlayerProfile {
  readonly gamertag: Uint8Array;
  gamertagLength: number;
  language: number;
  ageBand: number;
  device: number;
  channel: number;
  marketingOptIn: boolean;
}

export function createPlayerProfile(): PlayerProfile {
  return { gamertag: new Uint8Array(MAX_GAMERTAG_BYTES), gamertagLength: 0, language: 0, ageBand: 0, device: 0, channel: 0, marketingOptIn: false };
}

/**
 * Fills `into` with the profile of player `index`, a pure function of (seed, index) given the
 * player's country and platform (themselves pure functions of the same, engine/players.ts).
 */
export function drawPlayerProfile(seed: number, index: number, country: number, platform: number, into: PlayerProfile): void {
  const code = behaviourCode(seed, index);
  const place = profileHash(seed, index, ProfileDraw.languageAndDevice);
  const consent = profileHash(seed, index, ProfileDraw.marketingOptInAndGamertagStyle);
  into.gamertagLength = writeGamertag(seed, index, lowUniform(consent), into.gamertag);
  into.language = languageIndex(country, highUniform(place));
  into.ageBand = ageBandOf(code);
  into.device = deviceIndex(platform, lowUniform(place));
  into.channel = channelOf(code);
  into.marketingOptIn = marketingOptIn(country, into.ageBand, highUniform(consent));
}
