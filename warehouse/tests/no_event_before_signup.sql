-- CONTRACT §1: no event of a player comes before their signup_date.
-- Narrowed (an incremental build, dim_players unchanged): the facts' rows from where it redid,
-- against their players only: the join hashes the players, and hashing them all (20 million at
-- full scale) for a day's rows would cost more than the day.
with events as (
    select 'fact_session' as fact, player_id, calendar_date from {{ ref('fact_session') }}
{% if narrowed %}
    where partition_date >= {{ redone_since('fact_session') }}
{% endif %}
    union all
    select 'fact_signon', player_id, calendar_date from {{ ref('fact_signon') }}
{% if narrowed %}
    where partition_date >= {{ redone_since('fact_signon') }}
{% endif %}
    union all
    select 'fact_transaction', player_id, calendar_date from {{ ref('fact_transaction') }}
{% if narrowed %}
    where partition_date >= {{ redone_since('fact_transaction') }}
{% endif %}
)

select e.fact, e.player_id, e.calendar_date as event_date, p.signup_date
from events as e
inner join (
    select player_id, signup_date from {{ ref('dim_players') }}
{% if narrowed %}
    where player_id in (select player_id from events)
{% endif %}
) as p on p.player_id = e.player_id
where e.calendar_date < p.signup_date
