"""
Results in other people's sites and readers: Atom feeds of newly approved progress (all, and
per state, resolution and topic) and small status cards other sites may frame.

Only approved progress leaves through here, the same as a visitor sees. The app sits at the
top layer, beside api, jobs and search: it reads commitments and states, nothing imports it.
"""
