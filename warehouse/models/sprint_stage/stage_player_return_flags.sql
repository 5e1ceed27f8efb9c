-- Per player who ever came back on day 1, 7 or 30 after signing up: which of those days
-- (retention_cohorts and acquisition_kpis count day-N retention from it). A view over the
-- incremental stage_player_returns, a few rows a player.
-- materialized: view
select
    player_id,
    bool_or(return_day = 1) as d1,
    bool_or(return_day = 7) as d7,
    bool_or(return_day = 30) as d30
from {{ ref('stage_player_returns') }}
group by player_id
