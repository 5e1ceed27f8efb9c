import { readFileSync } from 'node:fs';
import { UsageError } from '../common/errors.js';
import { DEFAULT_CONFIG, GAME_MODES, MAX_TEAMS, type WorldConfig } from '../engine/config.js';
import { mergeConfig } from '../engine/mergeConfig.js';

/**
 * `--config FILE`: a JSON object holding any part of the world's configuration. Every key must
 * exist in the defaults and every value must have the default's type, so a typo fails loudly
 * instead of being ignored.
 */
export function loadConfigFile(file: string, base: WorldConfig = DEFAULT_CONFIG): WorldConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`--config ${file}: cannot read the file; pass the path of a JSON file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config ${file}: not valid JSON (${(error as Error).message})`);
  }
  return checkBounds(mergeConfig(base, json, file) as WorldConfig, file);
}

const MAX_SESSION_SECONDS = 86_400;

/** Settings named as chances (`…Chance…`) and scalar shares (`…Share`) are probabilities. */
function checkProbabilities(value: unknown, where: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'number' && /Chance|.Share$/.test(key) && inner > 1) {
      throw new UsageError(`--config ${where}.${key}: is a probability, so it must be from 0 to 1, got ${inner}`);
    }
    checkProbabilities(inner, `${where}.${key}`);
  }
}

/** Settings whose types are right can still contradict each other or exceed what ids can hold. */
function checkBounds(config: WorldConfig, file: string): WorldConfig {
  for (const mode of GAME_MODES) {
    const m = config.modes[mode];
    if (!(m.minTeams >= 1 && m.minTeams <= m.maxTeams && m.maxTeams <= MAX_TEAMS && Number.isInteger(m.minTeams) && Number.isInteger(m.maxTeams))) {
      throw new UsageError(`--config ${file}.modes.${mode}: teams must be whole numbers with 1 <= minTeams <= maxTeams <= ${MAX_TEAMS}`);
    }
    if (!(m.minTeamSize >= 1 && m.minTeamSize <= m.maxTeamSize && Number.isInteger(m.minTeamSize) && Number.isInteger(m.maxTeamSize))) {
      throw new UsageError(`--config ${file}.modes.${mode}: team sizes must be whole numbers with 1 <= minTeamSize <= maxTeamSize`);
    }
  }
  if (config.sessions.minSeconds > config.sessions.maxSeconds) {
    throw new UsageError(`--config ${file}.sessions: minSeconds must not exceed maxSeconds`);
  }
  // A session is simulated by looking one day ahead of its start, so none may last longer.
  if (config.sessions.maxSeconds > MAX_SESSION_SECONDS) {
    throw new UsageError(`--config ${file}.sessions.maxSeconds: must be at most ${MAX_SESSION_SECONDS} (one day), got ${config.sessions.maxSeconds}`);
  }
  // Positions are rounded to 1/positionResolution: zero would divide by zero.
  if (!(config.movement.positionResolution > 0)) {
    throw new UsageError(`--config ${file}.movement.positionResolution: must be a number above 0, got ${config.movement.positionResolution}`);
  }
  // Shares are normalised by their sum, so at least one of each group must be above zero.
  const shareGroups: [string, Record<string, { share: number }>][] = [
    ['activity.archetypes', config.activity.archetypes],
    ['purchases.spenders', config.purchases.spenders],
    ['modes', config.modes],
  ];
  for (const [where, group] of shareGroups) {
    if (Object.values(group).every((entry) => entry.share === 0)) {
      throw new UsageError(`--config ${file}.${where}: at least one share must be above 0 (${Object.keys(group).map((key) => `${key}.share`).join(', ')})`);
    }
  }
  checkProbabilities(config, file);
  return config;
}
