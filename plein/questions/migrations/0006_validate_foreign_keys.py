"""Check the existing rows against the foreign keys 0005 added NOT VALID (PostgreSQL).

Not atomic: each VALIDATE runs in its own transaction and takes a lock that lets the desks go on
inserting while it reads the table. Running it again validates only what is left.
"""

from django.db import migrations

TABLES = [
    "questions_visit",
    "questions_registration",
    "questions_registrationtopic",
    "questions_registrationlifedomain",
]  # as in 0005


def validate(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE contype = 'f' AND NOT convalidated AND conrelid::regclass::text = ANY(%s)",
            [TABLES],
        )
        pending = cursor.fetchall()
    for table, name in pending:
        schema_editor.execute(f"ALTER TABLE {quote(table)} VALIDATE CONSTRAINT {quote(name)}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("questions", "0005_foreign_keys")]

    operations = [migrations.RunPython(validate, migrations.RunPython.noop, elidable=True)]
