"""Make the audit log append-only in the database itself.

UPDATE is refused on every database. DELETE is refused on PostgreSQL (row trigger; TRUNCATE,
used by test database flushes, is not affected); on SQLite a DELETE trigger would break test
flushes, so there deletes are refused by the ORM only (AuditLogEntry.delete / QuerySet.delete).
"""

from django.db import migrations

TABLE = "feedback_auditlogentry"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            """
            CREATE OR REPLACE FUNCTION feedback_audit_log_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'feedback audit log is append-only';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        schema_editor.execute(
            f"CREATE TRIGGER feedback_audit_log_no_update BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION feedback_audit_log_append_only();"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER feedback_audit_log_no_update BEFORE UPDATE ON {TABLE} "
            "BEGIN SELECT RAISE(ABORT, 'feedback audit log is append-only'); END;"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS feedback_audit_log_no_update ON {TABLE};")
        schema_editor.execute("DROP FUNCTION IF EXISTS feedback_audit_log_append_only();")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS feedback_audit_log_no_update;")


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
