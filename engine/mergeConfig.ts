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
    if (override.some((v) => !Number.isFinite(v) || v < 0)) throw new UsageError(`--config ${where}: expected a list of ${defaults.length} finite numbers >= 0`);
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
  // JSON has no Infinity or NaN, but a number too large for a double (1e999) parses as Infinity.
  if (typeof override === 'number' && !Number.isFinite(override)) throw new UsageError(`--config ${where}: must be a finite number`);
  if (typeof override !== typeof defaults) {
    throw new UsageError(`--config ${where}: expected a ${typeof defaults}, got ${JSON.stringify(override)}`);
  }
  if (typeof override === 'number' && override < 0) throw new UsageError(`--config ${where}: must not be negative`);
  return override;
}
