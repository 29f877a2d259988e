"""
Granting roles their permissions from a data migration.

Permissions are normally created after `migrate` (the post_migrate signal), too late for a
migration that hands them to the role groups. `GrantPermissions` creates them first, with the
historical models, then adds them to each group (creating the group if need be). Reversing it
leaves the grants alone: a role keeps what an administrator may have given it since.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


class GrantPermissions(migrations.RunPython):
    """
    `GrantPermissions({"Reviewers": ["review_progressentry"]}, app_label="states")`.

    With an app label, the codenames are that app's; without, a codename is looked up in every
    app (the first roles named permissions of several apps that way).
    """

    def __init__(self, grants, app_label=None):
        self.grants = grants
        self.app_label = app_label
        super().__init__(self.grant, migrations.RunPython.noop)

    def deconstruct(self):
        return self.__class__.__qualname__, [self.grants], {"app_label": self.app_label}

    def describe(self):
        return f"Grant {self.app_label or 'site'} permissions to {', '.join(self.grants)}"

    def grant(self, apps, schema_editor):
        if self.app_label:
            app_configs = [apps.get_app_config(self.app_label)]
        else:
            app_configs = apps.get_app_configs()
        for app_config in app_configs:
            # create_permissions reads an app's models only when it says it has a models module.
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        permissions = Permission.objects.all()
        if self.app_label:
            permissions = permissions.filter(content_type__app_label=self.app_label)
        for name, codenames in self.grants.items():
            group, _ = Group.objects.get_or_create(name=name)
            group.permissions.add(*permissions.filter(codename__in=codenames))
