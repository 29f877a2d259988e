"""
Reporting requests as an iCalendar feed (RFC 5545) that monitors subscribe to in their own
calendar: one all-day event a request with a due date, on that date. The address takes the
API's filters of reporting requests (`commitments.filtersets.ReportingRequestFilterSet`), so
a calendar can follow one body, topic or resolution; without `fulfilment`, it holds the open
requests only.
"""

import datetime

import icalendar
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.views import View

from commitments.filtersets import ReportingRequestFilterSet
from commitments.models import ReportingRequest

PRODUCT = "-//Commitment Tracker//Reporting requests//EN"


class ReportingRequestCalendarView(View):
    def get(self, request):
        query = request.GET.copy()
        query.setdefault("fulfilment", ReportingRequestFilterSet.OPEN)
        dated = (
            ReportingRequest.objects.current()
            .filter(due_date__isnull=False)
            .select_related("resolution", "commitment__paragraph", "commitment__resolution")
        )
        filters = ReportingRequestFilterSet(query, queryset=dated)
        if not filters.is_valid():
            errors = render_to_string(
                "syndication/calendar_errors.txt", {"errors": filters.errors}, request
            ).strip()
            return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
        calendar = self.calendar(request, filters.qs.order_by("due_date", "pk"))
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="reporting-requests.ics"'
        return response

    def calendar(self, request, requests) -> icalendar.Calendar:
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODUCT)
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", "Reporting requests of UN resolutions")
        host = request.get_host().split(":")[0]
        for item in requests:
            calendar.add_component(self.event(request, item, host))
        return calendar

    def event(self, request, item, host) -> icalendar.Event:
        event = icalendar.Event()
        event.add("uid", f"reporting-request-{item.pk}@{host}")
        event.add("dtstamp", item.updated)
        event.add("last-modified", item.updated)
        event.add("dtstart", item.due_date)
        event.add("dtend", item.due_date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        if item.period_months:
            # A periodic request ("annually", "every two years") recurs from its first due date.
            if item.period_months % 12 == 0:
                event.add("rrule", {"freq": "yearly", "interval": item.period_months // 12})
            else:
                event.add("rrule", {"freq": "monthly", "interval": item.period_months})
        event.add(
            "summary",
            render_to_string("syndication/calendar_summary.txt", {"item": item}).strip(),
        )
        event.add(
            "description",
            render_to_string("syndication/calendar_description.txt", {"item": item}).strip(),
        )
        event.add("url", request.build_absolute_uri(item.get_absolute_url()))
        event.add("categories", [item.get_kind_display()])
        if item.fulfilled_on:
            event.add("status", "CANCELLED")
        return event
