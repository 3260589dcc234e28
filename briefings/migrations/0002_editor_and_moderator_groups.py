"""The Editors and Moderators groups: admin access and vocabulary permissions.

Their page permissions and the review workflow belong to the briefings section,
which `load_fixtures` creates; `briefings.editorial.ensure_editorial_setup`
attaches them there (migrations run before any page exists on a fresh site).
"""

from django.db import migrations

EDITORS = "Editors"
MODERATORS = "Moderators"
VOCABULARIES = ["challenge", "participant", "source"]
MODEL_PERMISSIONS = {
    EDITORS: [("wagtailadmin", "admin", "access_admin")]
    + [("briefings", m, f"{a}_{m}") for m in VOCABULARIES for a in ("add", "change")],
    MODERATORS: [("wagtailadmin", "admin", "access_admin")]
    + [
        ("briefings", m, f"{a}_{m}")
        for m in VOCABULARIES
        for a in ("add", "change", "delete")
    ],
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for name, permissions in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(apps, *p) for p in permissions])
        # Wagtail's starter set gives these groups the whole page tree; here they
        # work in the briefings section only (granted where it is created).
        GroupPagePermission.objects.filter(group=group, page__depth=1).delete()


def remove_vocabulary_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=MODEL_PERMISSIONS):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="briefings")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_vocabulary_permissions)]
