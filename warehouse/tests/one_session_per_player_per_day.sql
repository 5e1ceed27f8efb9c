-- CONTRACT §1: a player has at most one session a day, by the session's start date.
select player_id, calendar_date, count(*) as sessions
from {{ ref('fact_session') }}
group by player_id, calendar_date
having count(*) > 1
