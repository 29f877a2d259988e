"""
The states app's pages, one module a purpose: `entries` (recording and deciding progress),
`queue` (the review queue), `evidence` (evidence files), `states` (the states' pages) and
`imports` (progress from a spreadsheet).
"""
