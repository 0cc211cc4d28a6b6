"""Back to Django's own session table: copy the signed-in sessions over, then drop ours.

Copying keeps everyone signed in across the upgrade. The session data is encoded the same way
in both tables, so the rows are copied as they are.
"""

from django.db import migrations

BATCH = 1000


def copy_sessions(apps, schema_editor):
    ours = apps.get_model("accounts", "Session")
    django_session = apps.get_model("sessions", "Session")
    rows = ours.objects.using(schema_editor.connection.alias).iterator(chunk_size=BATCH)
    batch = []
    for row in rows:
        batch.append(
            django_session(
                session_key=row.session_key,
                session_data=row.session_data,
                expire_date=row.expire_date,
            )
        )
        if len(batch) == BATCH:
            django_session.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    django_session.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_session"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_sessions, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="Session"),
    ]
