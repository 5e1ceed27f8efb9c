-- CONTRACT §1: kills and deaths are zero-sum inside a session.
select session_id, sum(kills) as kills, sum(deaths) as deaths
from {{ ref('fact_session') }}
group by session_id
having sum(kills) <> sum(deaths)
