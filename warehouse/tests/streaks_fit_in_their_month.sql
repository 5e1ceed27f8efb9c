-- No streak is longer than its month, or than the days the player played in that month.
-- Narrowed (an incremental build): the months from the first whose streaks or days played it
-- redid, with every day of those months.
with days_in_month as (
    select player_id, cast(date_trunc('month', calendar_date) as date) as year_month, count(*) as days_played
    from {{ ref('player_activity_daily') }}
{% if narrowed %}
    where calendar_date >= cast(date_trunc('month', least({{ redone_since('player_consecutive_days_monthly') }}, {{ redone_since('player_activity_daily') }})) as date)
{% endif %}
    group by player_id, year_month
)

select s.player_id, s.year_month, s.max_consecutive_days_played, d.days_played
from {{ ref('player_consecutive_days_monthly') }} as s
left join days_in_month as d on d.player_id = s.player_id and d.year_month = s.year_month
where (s.max_consecutive_days_played > day(last_day(s.year_month))
    or d.days_played is null
    or s.max_consecutive_days_played > d.days_played)
{% if narrowed %}
    and s.year_month >= cast(date_trunc('month', least({{ redone_since('player_consecutive_days_monthly') }}, {{ redone_since('player_activity_daily') }})) as date)
{% endif %}
