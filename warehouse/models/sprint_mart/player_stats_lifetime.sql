-- Per player who has played: lifetime kills, deaths and K/D, and the first and last day played.
-- materialized: incremental
-- unique_key: player_id
-- test not_null: player_id, country, total_kills, total_deaths, first_played, last_played
-- test unique: player_id
-- test expression: first_played <= last_played
-- test expression: (total_deaths = 0) = (kill_death_ratio is null)
-- test relationships: player_id -> dim_players.player_id
-- Summed per player, then given the player's country: dim_players holds each player once (its
-- unique test), so this is the group-by over country and player, without carrying country through
-- the aggregation (a quarter less CPU at full-scale density). Kept by player: a new day redoes the
-- players of the months it touched in player_activity_monthly, not every player who ever played.
select
    p.country,
    m.*
from (
    -- A roll-up of the player's months (an incremental aggregate), not of every day played.
    select
        player_id,
        cast(sum(total_kills) as bigint) as total_kills,
        cast(sum(total_deaths) as bigint) as total_deaths,
        sum(total_kills) / nullif(sum(total_deaths), 0) as kill_death_ratio,
        min(first_played) as first_played,
        max(last_played) as last_played,
        cast(sum(days_played) as bigint) as days_played,
        cast(sum(total_play_time_seconds) as bigint) as total_play_time_seconds
    from {{ ref('player_activity_monthly') }}
    where {{ is_redone_key('player_id') }}
    group by player_id
) as m
-- The join hashes the players; a patch hashes only its own (not 20 million at full scale for a day).
inner join (
    select player_id, country from {{ ref('dim_players') }} where {{ is_redone_key('player_id') }}
) as p on p.player_id = m.player_id
