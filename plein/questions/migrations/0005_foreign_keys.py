"""Foreign-key constraints back on the registration tables (issue 9).

Safe on a live PostgreSQL database: the constraints are added NOT VALID, which checks new rows
only and changes nothing but the catalog, so the tables are locked for a moment; 0006 then
validates the existing rows without blocking the desks' inserts. The four tables are locked
first, in the order a registration writes them, so that a desk's insert and this migration
cannot deadlock; after two seconds of waiting the migration gives up (run it again).
Elsewhere (SQLite) Django rebuilds the tables as usual.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

REGISTRATION_TABLES = [
    "questions_visit",
    "questions_registration",
    "questions_registrationtopic",
    "questions_registrationlifedomain",
]


class AddForeignKey(migrations.AlterField):
    """AlterField from db_constraint=False; on PostgreSQL add_foreign_keys adds the constraint."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # AlterField goes back by going forwards to the old field: Django drops the constraint.
        super().database_forwards(app_label, schema_editor, from_state, to_state)


def _add_sql(schema_editor, model, field) -> str:
    quote = schema_editor.quote_name
    table, target = model._meta.db_table, field.target_field
    return (
        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(f'{table}_{field.column}_fk')} "
        f"FOREIGN KEY ({quote(field.column)}) "
        f"REFERENCES {quote(target.model._meta.db_table)} ({quote(target.column)}) "
        "DEFERRABLE INITIALLY DEFERRED NOT VALID"
    )


def add_foreign_keys(apps, schema_editor):
    """On PostgreSQL: every constraint at once, the statements built before the tables lock."""
    if schema_editor.connection.vendor != "postgresql":
        return
    models_by_table = {m._meta.db_table: m for m in apps.get_app_config("questions").get_models()}
    statements = [
        _add_sql(schema_editor, model, field)
        for model in (models_by_table[table] for table in REGISTRATION_TABLES)
        for field in model._meta.concrete_fields
        if field.is_relation
    ]
    tables = ", ".join(schema_editor.quote_name(table) for table in REGISTRATION_TABLES)
    schema_editor.execute("SET LOCAL lock_timeout = '2s'")
    schema_editor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_periodic_run'),
        ('questions', '0004_month_version'),
        ('socialmap', '0005_organization_offers_callback'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddForeignKey(
            model_name='registration',
            name='branch',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.branch'),
        ),
        AddForeignKey(
            model_name='registration',
            name='channel',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.channel'),
        ),
        AddForeignKey(
            model_name='registration',
            name='desk',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.desk'),
        ),
        AddForeignKey(
            model_name='registration',
            name='library',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.library'),
        ),
        AddForeignKey(
            model_name='registration',
            name='outcome',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.outcome', verbose_name='uitkomst'),
        ),
        AddForeignKey(
            model_name='registration',
            name='referred_organization',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='socialmap.organization', verbose_name='doorverwezen naar organisatie'),
        ),
        AddForeignKey(
            model_name='registration',
            name='referred_service',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='socialmap.service', verbose_name='doorverwezen naar dienst'),
        ),
        AddForeignKey(
            model_name='registration',
            name='visit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='questions.visit'),
        ),
        AddForeignKey(
            model_name='registrationlifedomain',
            name='library',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.library'),
        ),
        AddForeignKey(
            model_name='registrationlifedomain',
            name='life_domain',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='questions.lifedomain'),
        ),
        AddForeignKey(
            model_name='registrationlifedomain',
            name='registration',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, to='questions.registration'),
        ),
        AddForeignKey(
            model_name='registrationtopic',
            name='library',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.library'),
        ),
        AddForeignKey(
            model_name='registrationtopic',
            name='registration',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, to='questions.registration'),
        ),
        AddForeignKey(
            model_name='registrationtopic',
            name='topic',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, to='questions.topic'),
        ),
        AddForeignKey(
            model_name='visit',
            name='age_band',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.ageband', verbose_name='leeftijdsgroep'),
        ),
        AddForeignKey(
            model_name='visit',
            name='branch',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.branch', verbose_name='vestiging'),
        ),
        AddForeignKey(
            model_name='visit',
            name='channel',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.channel', verbose_name='kanaal'),
        ),
        AddForeignKey(
            model_name='visit',
            name='desk',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='questions.desk', verbose_name='balie'),
        ),
        AddForeignKey(
            model_name='visit',
            name='library',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.library'),
        ),
        AddForeignKey(
            model_name='visit',
            name='registered_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='geregistreerd door'),
        ),
        migrations.RunPython(add_foreign_keys, migrations.RunPython.noop),
    ]
