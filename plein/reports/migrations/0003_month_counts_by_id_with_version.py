from django.db import migrations, models


def forget_counts_by_name(apps, schema_editor):
    # The stored rows counted options by name under the same keys; counted again on demand.
    apps.get_model("reports", "MonthAggregate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_monthaggregate"),
    ]

    operations = [
        migrations.RunPython(forget_counts_by_name, migrations.RunPython.noop, elidable=True),
        migrations.AddField(
            model_name="monthaggregate",
            name="version",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
