import { COUNTRY_CODES } from '../countries.js';
import { AGE_BANDS } from './ageBands.js';

/**
 * Whether the player agreed to marketing messages. Under the EU's GDPR and ePrivacy rules (and
 * the UK's copy of them) consent must be an explicit opt-in, and far fewer people give it than
 * where an account starts opted in and must opt out; minors opt in less wherever they are.
 */
const OPT_IN_WHERE_CONSENT_IS_REQUIRED = 0.3;
const OPT_IN_ELSEWHERE = 0.62;
const MINORS_FACTOR = 0.5;

/** EU member states among Sprint's countries, and the UK (UK GDPR). */
export const CONSENT_COUNTRIES: readonly string[] = Object.freeze(['GB', 'DE', 'FR', 'ES', 'IT', 'PL', 'NL', 'SE']);

const MINORS = AGE_BANDS.indexOf('13-17');
const CHANCE_BY_COUNTRY = Float64Array.from(COUNTRY_CODES, (code) => (CONSENT_COUNTRIES.includes(code) ? OPT_IN_WHERE_CONSENT_IS_REQUIRED : OPT_IN_ELSEWHERE));

export function marketingOptIn(country: number, ageBand: number, u: number): boolean {
  return u < CHANCE_BY_COUNTRY[country]! * (ageBand === MINORS ? MINORS_FACTOR : 1);
}
