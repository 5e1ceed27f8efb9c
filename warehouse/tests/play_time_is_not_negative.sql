-- No negative play time anywhere play time is summed.
select 'fact_session' as source, cast(player_id as varchar) as what, event_length_seconds as seconds
from {{ ref('fact_session') }} where event_length_seconds < 0
union all
select 'player_activity_daily', cast(player_id as varchar), total_play_time_seconds
from {{ ref('player_activity_daily') }} where total_play_time_seconds < 0
union all
select 'country_monthly_playtime', country, total_play_time_seconds
from {{ ref('country_monthly_playtime') }} where total_play_time_seconds < 0
