"""
Load and fault tests against the real server: gunicorn on PostgreSQL, driven by locust from a
second process over loopback. `python -m bench.load --help`; docs/performance.md, "Load
and fault tests". Modules: `runner` (the command), `server` (database, gunicorn, worker
processes), `dataset` (what the run works on), `locustfile` (the simulated people), `journal`
(what the clients were told), `checks` (what the database must agree with), `faults` (what is
broken on purpose).
"""
