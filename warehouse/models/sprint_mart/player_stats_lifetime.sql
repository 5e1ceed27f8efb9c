-- Per player who has played: lifetime kills, deaths and K/D, and the first and last day played.
-- materialized: table
-- test not_null: player_id, country, total_kills, total_deaths, first_played, last_played
-- test unique: player_id
-- test expression: first_played <= last_played
-- test expression: (total_deaths = 0) = (kill_death_ratio is null)
-- test relationships: player_id -> dim_players.player_id
select
    p.country,
    m.player_id,
    cast(sum(m.total_kills) as bigint) as total_kills,
    cast(sum(m.total_deaths) as bigint) as total_deaths,
    sum(m.total_kills) / nullif(sum(m.total_deaths), 0) as kill_death_ratio,
    min(m.first_played) as first_played,
    max(m.last_played) as last_played,
    cast(sum(m.days_played) as bigint) as days_played,
    cast(sum(m.total_play_time_seconds) as bigint) as total_play_time_seconds
-- A roll-up of the player's months (an incremental aggregate), not of every day played.
from {{ ref('player_activity_monthly') }} as m
inner join {{ ref('dim_players') }} as p on p.player_id = m.player_id
group by p.country, m.player_id
