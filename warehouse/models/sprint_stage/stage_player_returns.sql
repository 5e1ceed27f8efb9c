-- One row per sign-on of a player exactly 1, 7 or 30 days after signing up (return_day): the
-- returns that day-N retention counts (retention_cohorts, acquisition_kpis). Incremental by the
-- sign-on's day, so a new day adds its own returns and the cohorts never re-read every sign-on.
-- materialized: incremental
-- partition_by: calendar_date
-- test not_null: player_id, calendar_date, return_day
-- test unique: player_id, return_day
-- test accepted_values: return_day in (1, 7, 30)
-- test relationships: player_id -> dim_players.player_id
select
    s.player_id,
    s.calendar_date,
    cast(s.calendar_date - p.signup_date as integer) as return_day
from {{ ref('fact_signon') }} as s
inner join {{ ref('dim_players') }} as p on p.player_id = s.player_id
where s.calendar_date in {{ partitions }}
    and s.calendar_date - p.signup_date in (1, 7, 30)
    -- The same condition seen from the players' side, which DuckDB can apply while it reads them:
    -- only those who signed up 1, 7 or 30 days before a day redone go into the join's hash table,
    -- not every player (20 million at full scale, for each statement).
    and (p.signup_date + 1 in {{ partitions }} or p.signup_date + 7 in {{ partitions }} or p.signup_date + 30 in {{ partitions }})
