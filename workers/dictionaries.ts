import { ARCHETYPES, GAME_MODES, PLATFORMS, SPENDER_SEGMENTS } from '../engine/config.js';
import { COUNTRY_CODES, REGIONS } from '../engine/countries.js';
import { PRODUCTS } from '../engine/products.js';
import { ACQUISITION_CHANNELS, AGE_BANDS, DEVICES, LANGUAGE_TAGS } from '../engine/profiles/index.js';
import type { Dictionaries } from '../partitions/tableBatches.js';

/** The world's value lists, in the index order the engine emits. */
export const DICTIONARIES: Dictionaries = Object.freeze({
  countries: COUNTRY_CODES,
  regions: REGIONS,
  platforms: PLATFORMS,
  archetypes: ARCHETYPES,
  spenderSegments: SPENDER_SEGMENTS,
  gameModes: GAME_MODES,
  skus: PRODUCTS.map((p) => p.sku),
  transactionTypes: ['BattlePass', 'Skin', 'Emote'],
  cycles: ['M', 'Y'],
  languages: LANGUAGE_TAGS,
  ageBands: AGE_BANDS,
  devices: DEVICES,
  acquisitionChannels: ACQUISITION_CHANNELS,
});
