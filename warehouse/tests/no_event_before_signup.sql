-- CONTRACT §1: no event of a player comes before their signup_date.
-- Narrowed (an incremental build, dim_players unchanged): the facts' rows from where it redid,
-- against their players only: the join hashes the players, and hashing them all (20 million at
-- full scale, three times) for a day's rows would cost more than the day.
select 'fact_session' as fact, f.player_id, f.calendar_date as event_date, p.signup_date
from {{ ref('fact_session') }} as f inner join (
    select player_id, signup_date from {{ ref('dim_players') }}
{% if narrowed %}
    where player_id in (select player_id from {{ ref('fact_session') }} where partition_date >= {{ redone_since('fact_session') }})
{% endif %}
) as p on p.player_id = f.player_id
where f.calendar_date < p.signup_date
{% if narrowed %}
    and f.partition_date >= {{ redone_since('fact_session') }}
{% endif %}
union all
select 'fact_signon', f.player_id, f.calendar_date, p.signup_date
from {{ ref('fact_signon') }} as f inner join (
    select player_id, signup_date from {{ ref('dim_players') }}
{% if narrowed %}
    where player_id in (select player_id from {{ ref('fact_signon') }} where partition_date >= {{ redone_since('fact_signon') }})
{% endif %}
) as p on p.player_id = f.player_id
where f.calendar_date < p.signup_date
{% if narrowed %}
    and f.partition_date >= {{ redone_since('fact_signon') }}
{% endif %}
union all
select 'fact_transaction', f.player_id, f.calendar_date, p.signup_date
from {{ ref('fact_transaction') }} as f inner join (
    select player_id, signup_date from {{ ref('dim_players') }}
{% if narrowed %}
    where player_id in (select player_id from {{ ref('fact_transaction') }} where partition_date >= {{ redone_since('fact_transaction') }})
{% endif %}
) as p on p.player_id = f.player_id
where f.calendar_date < p.signup_date
{% if narrowed %}
    and f.partition_date >= {{ redone_since('fact_transaction') }}
{% endif %}
