"""Every library that has topics gets "Digitale overheid (overig)": a digital-government
question that no tile or listed topic fits still counts for the KB (issue 16, §3)."""

from django.db import migrations
from django.db.models import Max

NAME = "Digitale overheid (overig)"


def add_topic(apps, schema_editor):
    Topic = apps.get_model("questions", "Topic")
    libraries = Topic.objects.values_list("library_id", flat=True).distinct()
    for library_id in libraries:
        topics = Topic.objects.filter(library_id=library_id)
        if topics.filter(name__iexact=NAME).exists():
            continue
        last = topics.aggregate(last=Max("position"))["last"] or 0
        Topic.objects.create(
            library_id=library_id,
            name=NAME,
            ido_category="digital_government",
            position=min(last + 1, 32767),
        )


class Migration(migrations.Migration):
    dependencies = [("questions", "0008_number_ranges")]

    operations = [migrations.RunPython(add_topic, migrations.RunPython.noop)]
