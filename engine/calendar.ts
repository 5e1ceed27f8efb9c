/** Days are counted as UTC epoch days (days since 1970-01-01); times inside a day as seconds. */

export const SECONDS_PER_DAY = 86_400;

/** Parses `YYYY-MM-DD` to an epoch day, or returns null when it is not a real calendar date. */
export function parseIsoDate(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms)) return null;
  const day = ms / 86_400_000;
  return new Date(ms).toISOString().slice(0, 10) === text ? day : null;
}

/** 0 = Monday … 6 = Sunday (ISO). */
export function isoWeekday(epochDay: number): number {
  return (epochDay + 3) % 7;
}

export function isWeekend(epochDay: number): boolean {
  return isoWeekday(epochDay) >= 5;
}
