"""
Deadlines: the reporting requests a resolution's text makes, and reminders before them.

- `models`: reporting requests, who asked to be reminded, and what was sent;
- `requests`: stores what the parser's reader (`commitments.parsing.reporting`) finds at
  import, and the lists of upcoming and past-due requests the pages show;
- `reminders`: the reminder e-mails (`manage.py send_deadline_reminders`);
- `views`: subscribing to reminders and marking a request fulfilled;
- `admin`: the administrators' lists.

Kept light: `commitments.models` imports `deadlines.models` while the app loads.
"""
