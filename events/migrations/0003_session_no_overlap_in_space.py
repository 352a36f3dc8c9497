"""No two sessions in one space at once, enforced by PostgreSQL.

An exclusion constraint is PostgreSQL's own; SQLite has none, and there
Session.clean() (which the admin calls) applies the same rule. The expression
mirrors SessionQuerySet.in_space_at_once_with: a session with an end holds
[start, end); one with no end holds only its starting moment [start, start].
Cancelled sessions, items with no time, exhibitions that run alongside
(takes_space false) and sessions with no space are left out.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE events_session ADD CONSTRAINT events_session_no_overlap_in_space
EXCLUDE USING gist (
    space_id WITH =,
    tstzrange(starts_at, COALESCE(ends_at, starts_at),
              CASE WHEN ends_at IS NULL THEN '[]' ELSE '[)' END) WITH &&
) WHERE (takes_space AND status <> 'cancelled' AND starts_at IS NOT NULL AND space_id IS NOT NULL);
"""
DROP = "ALTER TABLE events_session DROP CONSTRAINT IF EXISTS events_session_no_overlap_in_space;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("events", "0002_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
