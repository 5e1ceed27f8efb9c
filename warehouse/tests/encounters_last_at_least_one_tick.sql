-- No zero-duration encounters: every encounter ends at least one 30 s tick after it starts, and
-- the marts' seconds add up to the encounters they summarise.
select 'stage_encounters' as source, session_id, team_1_id, team_2_id, encounter_start, encounter_end
from {{ ref('stage_encounters') }}
where encounter_end - encounter_start < interval 30 second
union all
select 'encounter_summary_daily', session_id, team_1_id, team_2_id, null, null
from {{ ref('encounter_summary_daily') }}
where total_encounter_seconds <= 0 or daily_encounter_count <= 0
