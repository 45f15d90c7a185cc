"""Create the reviewer, editor and viewer groups with their permissions (see claims.roles)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW = ["view_publisher", "view_article", "view_claim", "view_figure", "view_verdict", "view_comment"]
REVIEW = ["review_claim", "add_comment", "add_figure", "change_figure", "change_claim"]
GROUPS = {
    "viewer": VIEW,
    "reviewer": VIEW + REVIEW,
    "editor": VIEW + REVIEW + ["publish_verdict", "add_verdict", "change_verdict", "add_article"],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    claims_config = apps.get_app_config("claims")
    claims_config.models_module = True
    create_permissions(claims_config, apps=apps, verbosity=0)
    claims_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
