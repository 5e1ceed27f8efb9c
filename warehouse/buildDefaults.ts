/** What `npm run build-warehouse` uses when not told otherwise; the bench and the report use the same. */
export const BUILD_DEFAULTS = Object.freeze({
  lake: 'data/lake',
  db: 'data/warehouse.duckdb',
  encounterThreshold: 50,
  encounterCooldown: 180,
});
