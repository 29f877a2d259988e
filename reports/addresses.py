"""
Absolute addresses of many objects of one route, the route reversed once.

A page of the API or an export prints an address for every object, several a row, and
reversing a route costs more than everything else done for the row. The route is reversed
once, for a marker or for the first object; the text before and after its value is kept and
the other objects' values are put between. The values are primary keys, ISO codes and slugs,
which reverse() prints as they are.
"""

from django.urls import reverse

MARKER = 987654321


def address_parts(request, view_name: str, kwarg: str = "pk", value=MARKER):
    """
    What comes before and after `value` in the absolute address of `view_name` for
    `kwarg=value`; None when the value's text stands more than once in the address, so its
    place there is not known.
    """
    url = request.build_absolute_uri(reverse(view_name, kwargs={kwarg: value}))
    parts = url.split(str(value))
    return (parts[0], parts[1]) if len(parts) == 2 else None


def url_maker(request, view_name: str):
    """pk -> absolute address of `view_name`, for a route that takes a numeric `pk`."""
    head, tail = address_parts(request, view_name)
    return lambda pk: f"{head}{pk}{tail}"
