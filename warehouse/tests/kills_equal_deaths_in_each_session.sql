-- CONTRACT §1: kills and deaths are zero-sum inside a session.
-- In a lake still being written (sprint_meta.build_info lake_complete = false) a session that
-- started on its last date may still be running: the rows of the players who leave after midnight
-- belong to the next date, not written yet. Only those sessions may not add up yet.
-- Narrowed (an incremental build): the sessions with a row from where the build redid, whose rows
-- all lie from the day before on (a session spans at most two dates).
select session_id, sum(kills) as kills, sum(deaths) as deaths
from {{ ref('fact_session') }}
{% if narrowed %}
where partition_date >= {{ redone_since('fact_session') }} - 1
    and session_id in (select session_id from {{ ref('fact_session') }} where partition_date >= {{ redone_since('fact_session') }})
{% endif %}
group by session_id
having sum(kills) <> sum(deaths)
    and not (
        min(calendar_date) >= (select max(calendar_date) from {{ ref('fact_session') }})
        and (select value from sprint_meta.build_info where key = 'lake_complete') = 'false'
    )
