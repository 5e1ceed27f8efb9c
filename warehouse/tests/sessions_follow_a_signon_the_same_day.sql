-- CONTRACT §1: every session is preceded, the same UTC day, by that player's sign-on.
select s.player_id, s.session_id, s.session_start
from {{ ref('fact_session') }} as s
anti join {{ ref('fact_signon') }} as o
    on o.player_id = s.player_id
    and o.calendar_date = s.calendar_date
    and o.event_datetime <= s.session_start
