-- CONTRACT §1: every session is preceded, the same UTC day, by that player's sign-on.
-- Narrowed (an incremental build): the sessions from where it redid, and those of the days whose
-- sign-ons it redid (a sign-on's partition is its day). A session's row lies in the partition of
-- its end, on or after its start date, so both lie in partitions from the earlier bound on, and
-- their sign-ons from the day before it (a session spans at most two dates).
select s.player_id, s.session_id, s.session_start
from {{ ref('fact_session') }} as s
anti join (
    select * from {{ ref('fact_signon') }}
{% if narrowed %}
    where partition_date >= least({{ redone_since('fact_session') }}, {{ redone_since('fact_signon') }}) - 1
{% endif %}
) as o
    on o.player_id = s.player_id
    and o.calendar_date = s.calendar_date
    and o.event_datetime <= s.session_start
{% if narrowed %}
where s.partition_date >= least({{ redone_since('fact_session') }}, {{ redone_since('fact_signon') }})
{% endif %}
