# Lineage links between commitments of successive resolutions, and who may review them.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.grants import GrantPermissions

GRANTS = {
    "Reviewers": ["view_commitmentlink", "review_commitmentlink"],
    "Administrators": ["view_commitmentlink", "change_commitmentlink", "review_commitmentlink"],
}


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0002_seed_lexicon'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='CommitmentLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.FloatField(help_text="Similarity of the two asks' wording, 0 to 1.")),
                ('kind', models.CharField(choices=[('renewed', 'Renewed'), ('strengthened', 'Strengthened'), ('weakened', 'Weakened'), ('broadened', 'Broadened'), ('narrowed', 'Narrowed'), ('reworded', 'Reworded')], max_length=16)),
                ('status', models.CharField(choices=[('suggested', 'Suggested'), ('confirmed', 'Confirmed'), ('rejected', 'Rejected')], default='suggested', max_length=16)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('updated', models.DateTimeField(auto_now=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='commitment_link_decisions', to=settings.AUTH_USER_MODEL)),
                ('earlier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='later_links', to='commitments.commitment')),
                ('later', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='earlier_links', to='commitments.commitment')),
            ],
            options={
                'ordering': ['later_id', '-score'],
                'permissions': [('review_commitmentlink', 'Can confirm or reject lineage links')],
                'indexes': [models.Index(fields=['later', 'status'], name='commitments_later_i_feaee7_idx')],
                'constraints': [models.UniqueConstraint(fields=('earlier', 'later'), name='unique_commitment_link'), models.CheckConstraint(condition=models.Q(('earlier', models.F('later')), _negated=True), name='commitment_link_not_self'), models.CheckConstraint(condition=models.Q(('score__gte', 0), ('score__lte', 1)), name='commitment_link_score_range'), models.CheckConstraint(condition=models.Q(('status', 'suggested'), ('decided_at__isnull', False), _connector='OR'), name='decided_commitment_link_has_date')],
            },
        ),
        GrantPermissions(GRANTS, app_label="commitments"),
    ]
