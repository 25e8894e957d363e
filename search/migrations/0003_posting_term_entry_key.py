"""Postings keyed by (term, entry) instead of an id.

The state change is Django's own; the tables are rebuilt by hand because Django cannot alter a
primary key into a composite one, and because the point of the change is storage Django does not
express: ``WITHOUT ROWID`` on SQLite (the key's b-tree is the table, weight included) and
``INCLUDE (weight)`` on PostgreSQL (index-only scans of a term's postings). Existing postings are
copied, so the index keeps working without a rebuild.
"""

from django.db import migrations, models

TABLE = "search_searchposting"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    quote = schema_editor.quote_name
    entry_index = schema_editor._create_index_name(TABLE, ["entry_id"])
    if connection.vendor == "sqlite":
        statements = [
            f"CREATE TABLE {quote(TABLE + '__new')} ("
            f'"term" varchar(40) NOT NULL, '
            f'"entry_id" bigint NOT NULL REFERENCES "search_searchentry" ("id") '
            f"DEFERRABLE INITIALLY DEFERRED, "
            f'"weight" real NOT NULL, '
            f'PRIMARY KEY ("term", "entry_id")) WITHOUT ROWID',
            f"INSERT OR IGNORE INTO {quote(TABLE + '__new')} (term, entry_id, weight) "
            f"SELECT term, entry_id, weight FROM {quote(TABLE)}",
            f"DROP TABLE {quote(TABLE)}",
            f"ALTER TABLE {quote(TABLE + '__new')} RENAME TO {quote(TABLE)}",
            f"CREATE INDEX {quote(entry_index)} ON {quote(TABLE)} (entry_id)",
        ]
    elif connection.vendor == "postgresql":
        statements = [
            f"DROP INDEX IF EXISTS {quote('search_posting_term')}",
            f"ALTER TABLE {quote(TABLE)} DROP COLUMN id",
            f'ALTER TABLE {quote(TABLE)} ADD PRIMARY KEY ("term", "entry_id") INCLUDE ("weight")',
        ]
    else:
        statements = [
            f"DROP INDEX {quote('search_posting_term')} ON {quote(TABLE)}",
            f"ALTER TABLE {quote(TABLE)} DROP COLUMN id",
            f'ALTER TABLE {quote(TABLE)} ADD PRIMARY KEY ("term", "entry_id")',
        ]
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    # The index is derived data: recreate the old layout empty (rebuild_search_index refills it).
    schema_editor.execute(f"DELETE FROM {schema_editor.quote_name(TABLE)}")
    connection = schema_editor.connection
    quote = schema_editor.quote_name
    entry_index = schema_editor._create_index_name(TABLE, ["entry_id"])
    if connection.vendor == "sqlite":
        statements = [
            f"DROP TABLE {quote(TABLE)}",
            f'CREATE TABLE {quote(TABLE)} ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, '
            f'"term" varchar(40) NOT NULL, "weight" real NOT NULL, '
            f'"entry_id" bigint NOT NULL REFERENCES "search_searchentry" ("id") '
            f"DEFERRABLE INITIALLY DEFERRED)",
            f"CREATE INDEX {quote(entry_index)} ON {quote(TABLE)} (entry_id)",
        ]
    else:
        statements = [
            f"ALTER TABLE {quote(TABLE)} DROP CONSTRAINT {quote(TABLE + '_pkey')}",
            f"ALTER TABLE {quote(TABLE)} ADD COLUMN id bigserial PRIMARY KEY",
        ]
    statements.append(
        f"CREATE INDEX {quote('search_posting_term')} ON {quote(TABLE)} (term, entry_id, weight)"
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_default_synonyms"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name="searchposting",
                    name="search_posting_term",
                ),
                migrations.RemoveField(
                    model_name="searchposting",
                    name="id",
                ),
                migrations.AddField(
                    model_name="searchposting",
                    name="pk",
                    field=models.CompositePrimaryKey(
                        "term",
                        "entry",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
