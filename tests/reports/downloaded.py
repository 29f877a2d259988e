"""Reading what the download page sends back: the bytes, and the rows of a CSV or .xlsx file."""

import csv
import datetime
import io

import openpyxl

BOM = b"\xef\xbb\xbf"


def content(response):
    assert response.status_code == 200, response.content[:2000]
    return b"".join(response.streaming_content)


def csv_rows(response):
    data = content(response)
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(response):
    """Each row's cells, dates as ISO text and empty cells as ""."""
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    return [
        [
            value.date().isoformat() if isinstance(value, datetime.datetime) else value or ""
            for value in row
        ]
        for row in workbook.active.iter_rows(values_only=True)
    ]
