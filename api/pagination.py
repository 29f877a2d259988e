"""
How API lists are cut into pages.

Progress entries, assessments and commitments grow with use, so they are paged by cursor: a
page costs the same however deep it is, and rows added meanwhile never shift a page. The
reference lists (resolutions, states, organizations, actors, topics) are small and numbered.
"""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination


class ReadPageSize:
    """
    `page_size` as asked: a whole number from 1 (a larger one than the list allows gets the
    largest page), left out or empty for the default; anything else is a 400 naming it.
    DRF's own reading falls back to the default page on `page_size=null` or `-1`, an answer
    to a question nobody asked.
    """

    def get_page_size(self, request):
        name = self.page_size_query_param
        asked = request.query_params.get(name, "")
        if asked == "":
            return self.page_size
        if not re.fullmatch(r"[0-9]+", asked) or int(asked) < 1:
            raise ValidationError(
                {name: [f"Give a whole number of rows from 1 to {self.max_page_size}."]}
            )
        return min(int(asked), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Rows per page: {self.page_size} unless asked, at most {self.max_page_size} "
                    "(a larger number gets that many)."
                )
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


class ReferencePagination(ReadPageSize, PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class GrowingListPagination(ReadPageSize, CursorPagination):
    """Cursor pages; the order is the view's default or its `ordering` parameter."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
