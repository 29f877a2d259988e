# Who closed a reporting request from the dashboard and when, and who may: reviewers and
# administrators.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.grants import GrantPermissions

GRANTS = {
    "Reviewers": ["close_reportingrequest"],
    "Administrators": ["close_reportingrequest"],
}


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0012_link_kind_related'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='reportingrequest',
            options={'ordering': [models.OrderBy(models.F('due_date'), nulls_last=True), 'pk'], 'permissions': [('close_reportingrequest', 'Can mark a reporting request fulfilled (closed)')]},
        ),
        migrations.AddField(
            model_name='reportingrequest',
            name='fulfilled_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reporting_requests_closed', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='reportingrequest',
            name='fulfilment_recorded_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        GrantPermissions(GRANTS, app_label="commitments"),
    ]
