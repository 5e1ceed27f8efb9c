import { openWarehouse, queryRows } from '../warehouse/connection.js';

/**
 * The player the demo asks about: the one with the most kills (ties: the lowest id), so the
 * sample K/D answer shows someone who played rather than a player who signed up and left.
 * Null when nobody in the world has played a match.
 */
export async function mostActivePlayer(db: string): Promise<string | null> {
  const warehouse = await openWarehouse(db, { readOnly: true });
  try {
    const [row] = await queryRows(
      warehouse.connection,
      'SELECT player_id FROM sprint_mart.player_stats_lifetime ORDER BY total_kills + total_deaths DESC, total_kills DESC, player_id LIMIT 1',
    );
    return row === undefined ? null : String(row.player_id);
  } finally {
    warehouse.close();
  }
}
