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
  return config;
}
