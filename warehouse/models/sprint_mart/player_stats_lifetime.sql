-- Per player who has played: lifetime kills, deaths and K/D, and the first and last day played.
-- materialized: table
-- test not_null: player_id, country, total_kills, total_deaths, first_played, last_played
-- test unique: player_id
-- test expression: first_played <= last_played
-- test expression: (total_deaths = 0) = (kill_death_ratio is null)
-- test relationships: player_id -> dim_players.player_id
select
    p.country,
    a.player_id,
    cast(sum(a.total_kills) as bigint) as total_kills,
    cast(sum(a.total_deaths) as bigint) as total_deaths,
    sum(a.total_kills) / nullif(sum(a.total_deaths), 0) as kill_death_ratio,
    min(a.calendar_date) as first_played,
    max(a.calendar_date) as last_played,
    count(*) as days_played,
    cast(sum(a.total_play_time_seconds) as bigint) as total_play_time_seconds
from {{ ref('player_activity_daily') }} as a
inner join {{ ref('dim_players') }} as p on p.player_id = a.player_id
group by p.country, a.player_id
