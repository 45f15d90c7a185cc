"""Originators: who a number comes from. The model, Claim.originator, a starting table of aliases (reviewers
extend it in the admin), the claims already stored matched against it, and the permissions for the groups:
viewers see originators, reviewers and editors also add and change them."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from claims.ingest.originators import AliasTable

# name -> aliases. Matching rules: claims.ingest.originators. Acronyms in capitals match only in capitals.
SEED = {
    # The UN's death tolls are the counts of its human rights office: one originator.
    "United Nations": [
        "UN", "U.N.", "UN officials", "U.N. officials", "United Nations officials", "OHCHR",
        "UN High Commissioner for Human Rights", "United Nations High Commissioner for Human Rights",
    ],
    "UNHCR": [
        "UN refugee agency", "U.N. refugee agency", "United Nations refugee agency",
        "UN High Commissioner for Refugees", "United Nations High Commissioner for Refugees",
    ],
    "OCHA": [
        "Office for the Coordination of Humanitarian Affairs", "UN humanitarian office",
        "U.N. humanitarian office", "UN aid coordination office", "United Nations aid coordination office",
        "UN humanitarian affairs office",
    ],
    "UNICEF": ["UN children's agency", "U.N. children's agency", "United Nations Children's Fund"],
    "World Food Programme": ["WFP", "World Food Program", "UN food agency", "U.N. food agency"],
    "World Health Organization": ["WHO", "World Health Organisation", "UN health agency", "U.N. health agency"],
    "International Organization for Migration": ["IOM", "International Organisation for Migration"],
    "International Committee of the Red Cross": ["ICRC", "Red Cross", "International Red Cross"],
    "Syrian Arab Red Crescent": ["SARC", "Syrian Red Crescent"],
    "Syrian Observatory for Human Rights": [
        "SOHR", "Observatory", "Syrian Observatory", "Britain-based Syrian Observatory",
    ],
    "Syrian Network for Human Rights": ["SNHR"],
    "Violations Documentation Center": ["VDC", "Violations Documentation Centre"],
    "Amnesty International": ["Amnesty"],
    "Human Rights Watch": ["HRW"],
    "Doctors Without Borders": ["MSF", "Medecins Sans Frontieres",
                                "Médecins Sans Frontières"],
    "Syrian Ministry of Health": ["Syrian health ministry", "Syria health ministry", "Syrian Ministry of Health",
                                  "health ministry in Damascus"],
    "Gaza Ministry of Health": ["Gaza health ministry", "health ministry in Gaza", "Palestinian health ministry",
                                "Palestinian Ministry of Health"],
    "Iraqi Ministry of Health": ["Iraqi health ministry", "Iraq health ministry", "health ministry in Baghdad"],
    "Lebanese Ministry of Public Health": ["Lebanese health ministry", "Lebanon health ministry",
                                           "Lebanese Ministry of Health"],
    "Syrian government": ["Syrian authorities", "Damascus government", "SANA", "Syrian state media",
                          "Syrian state news agency"],
    "United States government": ["United States", "US", "U.S.", "US officials", "U.S. officials", "White House",
                                 "US administration", "U.S. administration"],
}
PERMISSIONS = {
    "viewer": ["view_originator"],
    "reviewer": ["view_originator", "add_originator", "change_originator"],
    "editor": ["view_originator", "add_originator", "change_originator"],
}


def seed(apps, schema_editor):
    Originator = apps.get_model("claims", "Originator")
    Claim = apps.get_model("claims", "Claim")
    for name, aliases in SEED.items():
        Originator.objects.get_or_create(name=name, defaults={"aliases": aliases})
    table = AliasTable(Originator.objects.values_list("pk", "name", "aliases"))
    unmatched = Claim.objects.filter(originator__isnull=True).exclude(attribution="")
    for claim in unmatched.only("pk", "attribution").iterator():
        originator_id = table.match(claim.attribution)
        if originator_id is not None:
            # A plain UPDATE: matching is no reviewer's change, so it neither bumps the version nor
            # writes history.
            Claim.objects.filter(pk=claim.pk).update(originator_id=originator_id)
    _grant(apps)


def _grant(apps):
    # Permissions are normally created after migrate; the groups need them now (as in 0002_roles).
    claims_config = apps.get_app_config("claims")
    claims_config.models_module = True
    create_permissions(claims_config, apps=apps, verbosity=0)
    claims_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="claims",
                                                             codename__in=codenames))


def unseed(apps, schema_editor):
    apps.get_model("claims", "Originator").objects.filter(name__in=SEED).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0005_score_kind'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='Originator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True)),
                ('aliases', models.JSONField(blank=True, default=list, help_text='Other names, as a JSON list: ["UN", "U.N.", "United Nations officials"]. Matching ignores case (except for acronyms written in capitals), dots in acronyms and a leading "the".')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='claim',
            name='originator',
            field=models.ForeignKey(blank=True, help_text='Who the number comes from: matched from the attribution at import, or set by a reviewer.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='claims', to='claims.originator'),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='originator',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Who the number comes from: matched from the attribution at import, or set by a reviewer.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='claims.originator'),
        ),
        migrations.RunPython(seed, unseed),
    ]
