-- Per player who ever came back on day 1, 7 or 30 after signing up: which of those days. A view
-- over stage_player_cohorts, which holds these flags for every player (false where they did not
-- come back) beside the rest of what retention_cohorts and acquisition_kpis count.
-- materialized: view
select player_id, d1, d7, d30
from {{ ref('stage_player_cohorts') }}
where d1 or d7 or d30
