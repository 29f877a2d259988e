"""
How API lists are cut into pages.

Progress entries, assessments and commitments grow with use, so they are paged by cursor: a
page costs the same however deep it is, and rows added meanwhile never shift a page. The
reference lists (resolutions, states, organizations, actors, topics) are small and numbered.
"""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class ReferencePagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class GrowingListPagination(CursorPagination):
    """Cursor pages; the order is the view's default or its `ordering` parameter."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
