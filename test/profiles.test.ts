import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { COUNTRY_CODES } from '../engine/countries.js';
import { DEFAULT_CONFIG, PLATFORMS } from '../engine/config.js';
import { computeBlockTraits } from '../engine/players.js';
import {
  ACQUISITION_CHANNELS,
  AGE_BANDS,
  AGE_BAND_PROFILES,
  CHANNEL_PROFILES,
  DEVICES,
  LANGUAGE_TAGS,
  PLATFORM_OF_DEVICE,
  ageBandOf,
  behaviourCode,
  channelOf,
  churnDecays,
  createPlayerProfile,
  drawPlayerProfile,
  gamertag,
  payerFactor,
  pickSpender,
} from '../engine/profiles/index.js';
import { GAMERTAG_FIRST_WORDS, GAMERTAG_SECOND_WORDS } from '../engine/profiles/vocabulary.js';
import { cumulativeShares, numericSeed, pickCumulative } from '../engine/random.js';
import { createWorld } from '../engine/world.js';

// Player profiles as pure functions of (seed, player index): unique gamertags without a table of
// the names given, languages and devices that fit the country and platform, and channel and age
// band effects that keep the world's calibration as a whole.

const seed = numericSeed('sprint');

describe('gamertags', () => {
  it('are unique, even ignoring case, over the first 2^17 players and across a block boundary', () => {
    const seen = new Set<string>();
    const count = 1 << 17;
    for (let index = 0; index < count; index++) seen.add(gamertag(seed, index).toLowerCase());
    for (let index = (1 << 20) - 1000; index < (1 << 20) + 1000; index++) seen.add(gamertag(seed, index).toLowerCase());
    expect(seen.size).toBe(count + 2000);
  });

  it('are realistic: two dictionary words and a number, in one of three spellings', () => {
    const tags = Array.from({ length: 2000 }, (_, index) => gamertag(seed, index));
    for (const tag of tags) expect(tag).toMatch(/^([A-Z][a-z]{2,7}_?[A-Z][a-z]{2,7}|[a-z]{3,8}_[a-z]{3,8}_?)\d{0,4}$/);
    const spellings = new Set(tags.map((tag) => (/^[a-z]/.test(tag) ? 'snake' : tag.includes('_') ? 'underscored' : 'camel')));
    expect(spellings).toEqual(new Set(['snake', 'underscored', 'camel']));
  });

  it('depend on the seed', () => {
    const other = numericSeed('another');
    let same = 0;
    for (let index = 0; index < 1000; index++) if (gamertag(seed, index) === gamertag(other, index)) same++;
    expect(same).toBeLessThan(5);
  });

  // Faker's lists change between versions, and with them every gamertag of a seed: the pin in
  // package.json is what keeps a lake reproducible, and these values catch a silent upgrade.
  it('come from the pinned Faker version, whose word lists are fixed', () => {
    const pinned = JSON.parse(readFileSync('package.json', 'utf8')).dependencies['@faker-js/faker'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(JSON.parse(readFileSync('node_modules/@faker-js/faker/package.json', 'utf8')).version).toBe(pinned);
    expect([GAMERTAG_FIRST_WORDS.length, GAMERTAG_SECOND_WORDS.length]).toEqual([770, 894]);
    expect([0, 1, 2, 3, 4].map((index) => gamertag(seed, index))).toEqual(['ThatGrass5238', 'OrdinaryHydrant1953', 'AmazingPeony5947', 'BrokenDesign3528', 'SameDescent1519']);
  });
});

describe('a profile', () => {
  const profile = createPlayerProfile();

  it('speaks a language of its country, as a BCP 47 tag with the country as region', () => {
    const seen = new Map<string, Set<string>>();
    const misfits: string[] = [];
    for (let index = 0; index < 20_000; index++) {
      const country = COUNTRY_CODES[index % COUNTRY_CODES.length]!;
      drawPlayerProfile(seed, index, index % COUNTRY_CODES.length, 0, profile);
      const tag = LANGUAGE_TAGS[profile.language]!;
      if (!/^[a-z]{2,3}-[A-Z]{2}$/.test(tag) || tag.split('-')[1] !== country) misfits.push(`${country}: ${tag}`);
      seen.set(country, (seen.get(country) ?? new Set()).add(tag));
    }
    expect(misfits).toEqual([]);
    expect(seen.size).toBe(COUNTRY_CODES.length);
    expect(seen.get('BR')).toEqual(new Set(['pt-BR']));
    expect(seen.get('CA')).toEqual(new Set(['en-CA', 'fr-CA']));
  });

  it('plays on a device of its platform', () => {
    const misfits: string[] = [];
    const used = new Set<string>();
    for (let index = 0; index < 5000; index++) {
      const platform = index % PLATFORMS.length;
      drawPlayerProfile(seed, index, 0, platform, profile);
      const device = DEVICES[profile.device]!;
      used.add(device);
      if (PLATFORM_OF_DEVICE[device] !== PLATFORMS[platform]) misfits.push(`${PLATFORMS[platform]}: ${device}`);
    }
    expect(misfits).toEqual([]);
    expect(used).toEqual(new Set(DEVICES));
    expect(Object.entries(PLATFORM_OF_DEVICE).filter(([, platform]) => platform === 'PlayStation').map(([device]) => device).sort()).toEqual(['PS4', 'PS5']);
  });

  it('opts in to marketing less often in the EU and the UK than in the US', () => {
    const share = (country: string) => {
      let opted = 0;
      for (let index = 0; index < 20_000; index++) {
        drawPlayerProfile(seed, index, COUNTRY_CODES.indexOf(country), 0, profile);
        if (profile.marketingOptIn) opted++;
      }
      return opted / 20_000;
    };
    expect(share('DE')).toBeLessThan(0.35);
    expect(share('GB')).toBeLessThan(0.35);
    expect(share('US')).toBeGreaterThan(0.5);
  });

  it('has channel and age band in the published shares, from the same code the simulation uses', () => {
    for (let index = 0; index < 2000; index++) {
      const code = behaviourCode(seed, index);
      drawPlayerProfile(seed, index, 0, 0, profile);
      if (profile.channel !== channelOf(code) || profile.ageBand !== ageBandOf(code)) throw new Error(`player ${index}: profile and behaviour code disagree`);
    }
    const channels = new Float64Array(ACQUISITION_CHANNELS.length);
    const bands = new Float64Array(AGE_BANDS.length);
    const count = 200_000;
    for (let index = 0; index < count; index++) {
      const code = behaviourCode(seed, index);
      channels[channelOf(code)]!++;
      bands[ageBandOf(code)]!++;
    }
    ACQUISITION_CHANNELS.forEach((channel, c) => expect(channels[c]! / count, channel).toBeCloseTo(CHANNEL_PROFILES[channel].share, 2));
    AGE_BANDS.forEach((band, b) => expect(bands[b]! / count, band).toBeCloseTo(AGE_BAND_PROFILES[band].share, 2));
  });
});

describe('behaviour by channel and age band', () => {
  const world = createWorld({ seed: 's', players: 200_000, days: 730, startEpochDay: 20089, blockSize: 200_000, heartbeatShare: 1, config: DEFAULT_CONFIG });
  const traits = computeBlockTraits(world, 0);
  const codes = Int32Array.from({ length: traits.count }, (_, i) => behaviourCode(world.seed, traits.index[i]!));
  const share = (keep: (code: number) => boolean, measure: (i: number) => boolean) => {
    let kept = 0;
    let hit = 0;
    for (let i = 0; i < traits.count; i++) {
      if (!keep(codes[i]!)) continue;
      kept++;
      if (measure(i)) hit++;
    }
    return hit / kept;
  };
  const survivesWeek = (i: number) => traits.churnDay[i]! - traits.signupDay[i]! > 7;
  const pays = (i: number) => traits.spender[i] !== 0;
  const channel = (name: string) => (code: number) => ACQUISITION_CHANNELS[channelOf(code)] === name;
  const band = (name: string) => (code: number) => AGE_BANDS[ageBandOf(code)] === name;

  it('keeps paid players for less time than organic ones, and referred players longest', () => {
    const paid = share(channel('paid_social'), survivesWeek);
    const organic = share(channel('organic'), survivesWeek);
    const referral = share(channel('referral'), survivesWeek);
    expect(paid).toBeLessThan(organic - 0.05);
    expect(referral).toBeGreaterThan(organic + 0.05);
  });

  it('keeps the whole population on the configured churn curve, exactly at day 14', () => {
    const shares = ACQUISITION_CHANNELS.map((c) => CHANNEL_PROFILES[c].share);
    const total = shares.reduce((sum, s) => sum + s, 0);
    const decays = churnDecays(0.5);
    const survival = shares.reduce((sum, s, c) => sum + (s / total) * Math.pow(15, -decays[c * AGE_BANDS.length]!), 0);
    expect(survival).toBeCloseTo(Math.pow(15, -0.5), 9);
    expect(share(() => true, (i) => traits.churnDay[i]! - traits.signupDay[i]! > 14)).toBeCloseTo(Math.pow(15, -0.5), 2);
    expect(churnDecays(0).every((d) => d === 0)).toBe(true);
  });

  it('makes teenagers pay least and players of 25–44 most, with the overall payer share unchanged', () => {
    const teens = share(band('13-17'), pays);
    expect(teens).toBeLessThan(share(band('18-24'), pays));
    expect(share(band('25-34'), pays)).toBeGreaterThan(1.5 * teens);
    expect(share(band('35-44'), pays)).toBeGreaterThan(1.5 * teens);
    expect(share(() => true, pays)).toBeCloseTo(1 - DEFAULT_CONFIG.purchases.spenders.none.share, 2);
  });

  it('scales the chance of paying and keeps the paying segments in proportion', () => {
    const cumulative = cumulativeShares([0.8, 0.15, 0.05]);
    const picks = (factor: number) => {
      const counts = [0, 0, 0];
      for (let k = 0; k < 100_000; k++) counts[pickSpender(cumulative, factor, (k + 0.5) / 100_000)]!++;
      return counts.map((n) => n / 100_000);
    };
    for (let k = 0; k < 1000; k++) expect(pickSpender(cumulative, 1, k / 1000)).toBe(pickCumulative(cumulative, k / 1000));
    const doubled = picks(2);
    expect(doubled[1]! + doubled[2]!).toBeCloseTo(0.4, 3);
    expect(doubled[1]! / doubled[2]!).toBeCloseTo(3, 1);
    const mean = ACQUISITION_CHANNELS.flatMap((c, ci) => AGE_BANDS.map((b, bi) => CHANNEL_PROFILES[c].share * AGE_BAND_PROFILES[b].share * payerFactor(ci * AGE_BANDS.length + bi)));
    expect(mean.reduce((sum, v) => sum + v, 0)).toBeCloseTo(1, 9);
  });
});
