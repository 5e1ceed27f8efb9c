-- No streak is longer than its month, or than the days the player played in that month.
with days_in_month as (
    select player_id, cast(date_trunc('month', calendar_date) as date) as year_month, count(*) as days_played
    from {{ ref('player_activity_daily') }}
    group by player_id, year_month
)

select s.player_id, s.year_month, s.max_consecutive_days_played, d.days_played
from {{ ref('player_consecutive_days_monthly') }} as s
left join days_in_month as d on d.player_id = s.player_id and d.year_month = s.year_month
where s.max_consecutive_days_played > day(last_day(s.year_month))
    or d.days_played is null
    or s.max_consecutive_days_played > d.days_played
