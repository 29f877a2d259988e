"""
Signals other apps listen to.

`figures_changed` announces a change to tracked data that model signals do not: bulk writes
(an import's `bulk_create`, a rebuild of the current-assessment table). Dashboards listen to
it, and to the ordinary model signals, to know when their cached figures are stale.
"""

from django.dispatch import Signal

figures_changed = Signal()
