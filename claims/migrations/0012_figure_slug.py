"""Figure slugs, the address of a figure's public page (/factchecks/<slug>/, claims.reconcile.slugs).

The field is added empty, then every existing figure gets a unique slug from its name, the older figure
(lower id) keeping the plain one when two share a name, so the order of this step is fixed and slugs
given here never change afterwards. Reversing drops the column.
"""

from django.db import migrations, models


def fill_slugs(apps, schema_editor):
    from claims.reconcile.slugs import RESERVED, slug_base

    Figure = apps.get_model("claims", "Figure")
    taken = set(RESERVED)
    for pk, name in Figure.objects.order_by("pk").values_list("pk", "name").iterator(chunk_size=2000):
        base = slug_base(name)
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        Figure.objects.filter(pk=pk).update(slug=slug)


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0011_figure_counters"),
    ]

    operations = [
        migrations.AddField(
            model_name="figure",
            name="slug",
            field=models.SlugField(blank=True, editable=False, help_text="The public page's address: /factchecks/<slug>/.", max_length=80, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="historicalfigure",
            name="slug",
            field=models.SlugField(blank=True, editable=False, help_text="The public page's address: /factchecks/<slug>/.", max_length=80, null=True),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
