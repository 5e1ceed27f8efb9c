import { UsageError } from '../common/errors.js';

/**
 * Lays `override` (parsed JSON) over `defaults`: every key must exist in the defaults and every
 * value must have the default's type, so a typo fails loudly instead of being ignored. `where`
 * names the setting in errors (`--config FILE.sessions.maxSeconds`).
 */
export function mergeConfig(defaults: unknown, override: unknown, where: string): unknown {
  if (Array.isArray(defaults)) {
    if (!Array.isArray(override) || override.length !== defaults.length || override.some((v) => typeof v !== 'number')) {
      throw new UsageError(`--config ${where}: expected a list of ${defaults.length} numbers`);
    }
    return override;
  }
  if (typeof defaults === 'object' && defaults !== null) {
    if (typeof override !== 'object' || override === null || Array.isArray(override)) {
      throw new UsageError(`--config ${where}: expected an object`);
    }
    const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    for (const [key, value] of Object.entries(override)) {
      if (!(key in merged)) throw new UsageError(`--config ${where}.${key}: unknown setting; known ones: ${Object.keys(merged).join(', ')}`);
      merged[key] = mergeConfig(merged[key], value, `${where}.${key}`);
    }
    return merged;
  }
  if (typeof override !== typeof defaults || (typeof override === 'number' && !Number.isFinite(override))) {
    throw new UsageError(`--config ${where}: expected a ${typeof defaults}, got ${JSON.stringify(override)}`);
  }
  if (typeof override === 'number' && override < 0) throw new UsageError(`--config ${where}: must not be negative`);
  return override;
}
