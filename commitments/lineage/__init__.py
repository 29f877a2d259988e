"""
Lineage: the same ask followed across resolutions.

- `models`: the links between an earlier and a later commitment, suggested and decided;
- `linking`: the linker, which compares the asks of two resolutions and suggests links with
  their kind (renewed, strengthened, …) and the wording's changes;
- `scoring`: precision and recall against a hand-drawn gold (`manage.py score_lineage`);
- `admin`: the reviewers' list of suggestions.

Kept light: `commitments.models` imports `lineage.models` while the app loads.
"""
