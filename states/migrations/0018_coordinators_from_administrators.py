"""
Roles for the memberships that exist: a member who is an administrator of the site (the
Administrators group, or a superuser) becomes the coordinator of their organizations, as they
were the ones who managed them in the admin; everyone else stays a member.
"""

from django.db import migrations
from django.db.models import Q


def map_roles(apps, schema_editor):
    Membership = apps.get_model("states", "Membership")
    Membership.objects.filter(
        Q(user__is_superuser=True) | Q(user__groups__name="Administrators")
    ).update(role="coordinator")


def back(apps, schema_editor):
    apps.get_model("states", "Membership").objects.update(role="member")


class Migration(migrations.Migration):
    dependencies = [("states", "0017_membership_roles_and_invitations")]

    operations = [migrations.RunPython(map_roles, back)]
