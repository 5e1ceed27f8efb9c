export { AGE_BANDS, AGE_BAND_PROFILES, type AgeBand } from './ageBands.js';
export { ACQUISITION_CHANNELS, CHANNEL_PROFILES, type AcquisitionChannel } from './channels.js';
export { ageBandOf, behaviourCode, channelOf, churnDecays, payerFactor, pickSpender, type BehaviourCode } from './behaviour.js';
export { DEVICES, PLATFORM_OF_DEVICE } from './devices.js';
export { LANGUAGE_TAGS } from './languages.js';
export { CONSENT_COUNTRIES } from './marketingOptIn.js';
export { MAX_GAMERTAG_BYTES, gamertag } from './gamertag.js';
export { createPlayerProfile, drawPlayerProfile, type PlayerProfile } from './playerProfile.js';
