"""
Progress tracking: who reports what each state has done about each commitment, its review,
and where every commitment stands now.

The package holds, one module per concern:

- reference data: the UN member and observer states, grouped by the UN Statistics Division's
  M49 regions, loaded by a data migration from states/data/m49.csv so every installation
  starts with the same, checked list; the organizations that report, and their members
  (`models/places.py`, `models/organizations.py`);
- progress entries and their evidence, the review workflow (draft, submitted, approved, sent
  back, rejected, withdrawn) and who may see or change each (`models/entries.py`,
  `models/evidence.py`, `uploads.py` for evidence files), with their history
  (`history.py`) and the mail the workflow sends (`notifications.py`);
- the current assessment of each state or organization on each commitment, kept on every
  approval (`models/assessments.py`; `signals.py` tells the counts kept from it);
- the progress pages: the entry form and page, *My progress*, the review queue and the state
  pages (`views.py`, `forms.py`, `filtersets.py`, `queries.py` for their read paths);
- data for trying the tracker out (`demo.py`, loaded by `load_demo_data`) and for
  benchmarks (`scale.py`, `generate_scale_data`), made without any test tooling.

It builds on `commitments` (what is tracked); dashboards and reports (`reports`) build on it.
"""
