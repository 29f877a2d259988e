"""Spreadsheets of progress for the import tests: the template's columns, as .xlsx or .csv."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = ["Reference", "Commitment", "State", "Status", "As of", "Summary", "Confidence"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(rows, header=HEADER, sheet="Progress") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Instructions"
    book.active.append(["Fill in the Progress sheet."])
    progress = book.create_sheet(sheet)
    progress.append(header)
    for row in rows:
        progress.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def csv_bytes(rows, header=HEADER) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    writer.writerows(rows)
    return output.getvalue().encode("utf-8")


def xlsx_upload(rows, name="progress.xlsx", **kwargs):
    return SimpleUploadedFile(name, xlsx_bytes(rows, **kwargs), content_type=XLSX_TYPE)


def csv_upload(rows, name="progress.csv", **kwargs):
    return SimpleUploadedFile(name, csv_bytes(rows, **kwargs), content_type="text/csv")
