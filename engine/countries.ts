/**
 * Where players come from: shares loosely follow the PC/console shooter audience by country, and
 * each country's UTC offset (standard time; daylight saving is ignored) shapes when its evening
 * peak lands in UTC. Matchmaking happens inside a region, as on real servers.
 */

export const REGIONS = ['NA', 'SA', 'EU', 'ASIA', 'OCE', 'MEA'] as const;
export type Region = (typeof REGIONS)[number];

export interface Country {
  code: string;
  share: number;
  utcOffsetHours: number;
  region: Region;
}

export const COUNTRIES: readonly Country[] = Object.freeze([
  { code: 'US', share: 24, utcOffsetHours: -6, region: 'NA' },
  { code: 'CA', share: 3, utcOffsetHours: -5, region: 'NA' },
  { code: 'MX', share: 2.5, utcOffsetHours: -6, region: 'NA' },
  { code: 'BR', share: 6, utcOffsetHours: -3, region: 'SA' },
  { code: 'AR', share: 1.5, utcOffsetHours: -3, region: 'SA' },
  { code: 'CL', share: 1, utcOffsetHours: -4, region: 'SA' },
  { code: 'GB', share: 7, utcOffsetHours: 0, region: 'EU' },
  { code: 'DE', share: 7, utcOffsetHours: 1, region: 'EU' },
  { code: 'FR', share: 5, utcOffsetHours: 1, region: 'EU' },
  { code: 'ES', share: 3, utcOffsetHours: 1, region: 'EU' },
  { code: 'IT', share: 2.5, utcOffsetHours: 1, region: 'EU' },
  { code: 'PL', share: 3, utcOffsetHours: 1, region: 'EU' },
  { code: 'NL', share: 1.5, utcOffsetHours: 1, region: 'EU' },
  { code: 'SE', share: 1.2, utcOffsetHours: 1, region: 'EU' },
  { code: 'TR', share: 2.3, utcOffsetHours: 3, region: 'EU' },
  { code: 'RU', share: 4, utcOffsetHours: 3, region: 'EU' },
  { code: 'JP', share: 3.5, utcOffsetHours: 9, region: 'ASIA' },
  { code: 'KR', share: 2.5, utcOffsetHours: 9, region: 'ASIA' },
  { code: 'CN', share: 3, utcOffsetHours: 8, region: 'ASIA' },
  { code: 'IN', share: 2, utcOffsetHours: 5.5, region: 'ASIA' },
  { code: 'PH', share: 1.5, utcOffsetHours: 8, region: 'ASIA' },
  { code: 'AU', share: 2.5, utcOffsetHours: 10, region: 'OCE' },
  { code: 'NZ', share: 0.5, utcOffsetHours: 12, region: 'OCE' },
  { code: 'SA', share: 1.5, utcOffsetHours: 3, region: 'MEA' },
  { code: 'AE', share: 0.7, utcOffsetHours: 4, region: 'MEA' },
  { code: 'ZA', share: 0.8, utcOffsetHours: 2, region: 'MEA' },
].map((c) => Object.freeze(c as Country)));

export const COUNTRY_CODES: readonly string[] = COUNTRIES.map((c) => c.code);

