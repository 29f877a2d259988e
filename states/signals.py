"""
Signals of progress tracking.

`assessment_moved` is sent by `CurrentAssessment.objects.refresh()`, inside the transaction
that changed the row, whenever one subject's current status on one commitment changes: with
`commitment_id`, `state_id`, `subject_organization_id`, `old_status` (None for a new row) and
`new_status` (None when the row went away). Aggregates kept from the assessments
(`states/counts.py`) follow it instead of counting every row again.
"""

from django.dispatch import Signal

assessment_moved = Signal()
