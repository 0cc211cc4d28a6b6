"""Extended statistics for the reports' largest count (PostgreSQL only).

The cold fill counts the questions per library, month, branch, desk, channel, outcome and
complexity in one scan (selectors.CUBE). Without statistics on how these columns combine,
PostgreSQL multiplies their distinct values, expects 200,000 groups where there are 28,000 for
a million questions, and sorts to disk instead of hashing: 0.8 s against 0.4 s for three years
(docs/benchmarks.md, "Cold report counts"). Django has no API for CREATE STATISTICS; the
expression must match months.MonthStart's SQL.
"""

from django.db import migrations

NAME = "reports_question_cube_stats"
CREATE = f"""
CREATE STATISTICS IF NOT EXISTS {NAME} (ndistinct)
ON library_id, branch_id, desk_id, channel_id, outcome_id, is_complex,
   (DATE_TRUNC('month', (date)::timestamp)::date)
FROM questions_registration
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute("ANALYZE questions_registration")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_month_counts_by_id_with_version"),
        ("questions", "0006_validate_foreign_keys"),
    ]

    operations = [migrations.RunPython(create, drop)]
