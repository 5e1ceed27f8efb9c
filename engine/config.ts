/**
 * Every tunable number of the simulated world, in one place. The defaults describe a healthy
 * PC/console shooter; `npm run simulate -- --config FILE` overrides any of them from JSON.
 * Shares need not sum to 1: they are normalised where they are used.
 */

export const ARCHETYPES = ['daily', 'weekday', 'weekend', 'casual', 'cyclical'] as const;
export type Archetype = (typeof ARCHETYPES)[number];

export const SPENDER_SEGMENTS = ['none', 'minnow', 'dolphin', 'whale'] as const;
export type SpenderSegment = (typeof SPENDER_SEGMENTS)[number];

export const PLATFORMS = ['PC', 'PlayStation', 'Xbox'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const GAME_MODES = ['skirmish', 'battle_royale'] as const;

/** Teams per match at most: team ids leave 6 bits for the team within its session. */
export const MAX_TEAMS = 64;
export type GameMode = (typeof GAME_MODES)[number];

export interface ArchetypeConfig {
  share: number;
  /** Chance that a living player signs on, Monday–Friday and Saturday–Sunday (UTC days). */
  weekdayChance: number;
  weekendChance: number;
}

export interface SpenderConfig {
  share: number;
  /** Chance of buying a skin or emote on a day the player signs on. */
  purchaseChancePerActiveDay: number;
  /** Chance that the player subscribes to a battle pass at some point. */
  battlePassChance: number;
  /** Chance that an item bought is a Premium-tier one. */
  premiumChance: number;
}

export interface GameModeConfig {
  share: number;
  /** Possible team counts and team sizes of a full match. */
  minTeams: number;
  maxTeams: number;
  minTeamSize: number;
  maxTeamSize: number;
  /** How long matchmaking waits to fill a match before starting it with whoever queued. */
  queueWindowSeconds: number;
  /** The map is the square [-halfSize, halfSize]² with heights in [0, maxHeight]. */
  mapHalfSize: number;
  maxHeight: number;
  /** Weibull scale of a player's session length, in seconds. */
  sessionScaleSeconds: number;
}

export interface WorldConfig {
  acquisition: {
    /** Relative weight of the steady daily trickle of sign-ups. */
    baseline: number;
    /** Extra weight on launch day, decaying with `launchDecayDays`. */
    launchSpike: number;
    launchDecayDays: number;
    /** A content season starts every `seasonLengthDays`, with a bump that decays in `seasonDecayDays`. */
    seasonLengthDays: number;
    seasonBump: number;
    seasonDecayDays: number;
    /** Sign-ups on Saturday and Sunday relative to weekdays. */
    weekendFactor: number;
  };
  retention: {
    /** P(still playing t days after sign-up) = (1 + t)^-decay: a heavy-tailed churn curve. */
    decay: number;
  };
  activity: {
    archetypes: Record<Archetype, ArchetypeConfig>;
    /** New players play more: chance × (1 + novelty · e^(−age/noveltyDays)). */
    novelty: number;
    noveltyDays: number;
    /** Cyclical players swing between low and high engagement over a period in this range. */
    cyclePeriodDays: [number, number];
    /** Share of sign-ons that go on to play a match (the rest only browse or shop). */
    playChance: number;
    /** Seasonal lift on engagement in the first `seasonDecayDays` of each content season. */
    seasonLift: number;
  };
  sessions: {
    /** Weibull shape of session length: below ~1.2 the tail is long, as FPS studies find. */
    weibullShape: number;
    minSeconds: number;
    maxSeconds: number;
    /** Local start time: a mixture of an evening peak and an afternoon hump (hours). */
    eveningPeakHour: number;
    eveningSpreadHours: number;
    afternoonPeakHour: number;
    afternoonSpreadHours: number;
    eveningShare: number;
    /** Gap between sign-on and the start of play, in seconds. */
    maxSignonGapSeconds: number;
  };
  modes: Record<GameMode, GameModeConfig>;
  combat: {
    /** Expected kills per player-minute of play in a match with opponents. */
    killsPerMinute: number;
  };
  movement: {
    /** How far teammates stray from their team's path. */
    teammateSpread: number;
    /** Positions are quantised to 1/positionResolution units, as a game server does. */
    positionResolution: number;
  };
  purchases: {
    spenders: Record<SpenderSegment, SpenderConfig>;
    /** Share of battle passes bought as yearly rather than monthly. */
    yearlyPassShare: number;
    /** Chance that a subscriber cancels at each renewal. */
    cancelChancePerCycle: number;
    /** Chance that a battle pass is the Premium tier. */
    premiumPassShare: number;
  };
}

export const DEFAULT_CONFIG: WorldConfig = deepFreeze({
  acquisition: {
    baseline: 1,
    launchSpike: 12,
    launchDecayDays: 21,
    seasonLengthDays: 91,
    seasonBump: 2.5,
    seasonDecayDays: 10,
    weekendFactor: 1.25,
  },
  retention: { decay: 0.5 },
  activity: {
    archetypes: {
      daily: { share: 0.18, weekdayChance: 0.8, weekendChance: 0.85 },
      weekday: { share: 0.14, weekdayChance: 0.6, weekendChance: 0.2 },
      weekend: { share: 0.2, weekdayChance: 0.12, weekendChance: 0.8 },
      casual: { share: 0.36, weekdayChance: 0.2, weekendChance: 0.3 },
      cyclical: { share: 0.12, weekdayChance: 0.45, weekendChance: 0.55 },
    },
    novelty: 0.4,
    noveltyDays: 10,
    cyclePeriodDays: [7, 28],
    playChance: 0.93,
    seasonLift: 0.1,
  },
  sessions: {
    weibullShape: 1.1,
    minSeconds: 60,
    maxSeconds: 4 * 3600,
    eveningPeakHour: 20.5,
    eveningSpreadHours: 2.2,
    afternoonPeakHour: 14,
    afternoonSpreadHours: 3,
    eveningShare: 0.72,
    maxSignonGapSeconds: 600,
  },
  modes: {
    skirmish: {
      share: 0.65,
      minTeams: 1,
      maxTeams: 5,
      minTeamSize: 1,
      maxTeamSize: 2,
      queueWindowSeconds: 240,
      mapHalfSize: 600,
      maxHeight: 40,
      sessionScaleSeconds: 1100,
    },
    battle_royale: {
      share: 0.35,
      minTeams: 50,
      maxTeams: 50,
      minTeamSize: 2,
      maxTeamSize: 2,
      queueWindowSeconds: 600,
      mapHalfSize: 2500,
      maxHeight: 120,
      sessionScaleSeconds: 1400,
    },
  },
  combat: { killsPerMinute: 0.35 },
  movement: { teammateSpread: 12, positionResolution: 16 },
  purchases: {
    spenders: {
      none: { share: 0.885, purchaseChancePerActiveDay: 0, battlePassChance: 0, premiumChance: 0 },
      minnow: { share: 0.08, purchaseChancePerActiveDay: 0.02, battlePassChance: 0.2, premiumChance: 0.1 },
      dolphin: { share: 0.028, purchaseChancePerActiveDay: 0.06, battlePassChance: 0.5, premiumChance: 0.4 },
      whale: { share: 0.007, purchaseChancePerActiveDay: 0.3, battlePassChance: 0.8, premiumChance: 0.85 },
    },
    yearlyPassShare: 0.2,
    cancelChancePerCycle: 0.25,
    premiumPassShare: 0.45,
  },
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
