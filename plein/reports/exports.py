"""CSV and XLSX downloads of one report table (always small-cell protected, see views.export).

CSV: UTF-8 with a byte order mark and ";" between fields, because Excel with Dutch regional
settings reads exactly that (a "," is the decimal separator there). Hidden counts are written as
their text ("<5", "×"); other counts as plain integers. Text that a spreadsheet would run as a
formula is written as text (plein.core.csvsafe); XLSX cells are written as strings or numbers,
never as formulas.
"""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plein.core.csvsafe import row_safe
from plein.reports.tables import Table

CSV_DELIMITER = ";"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_rows(table: Table) -> list[list]:
    """Header, body and footer as plain values: numbers where shown, text where hidden."""
    rows: list[list] = [[table.row_header, *table.columns]]
    body = [*table.rows, table.footer] if table.footer else table.rows
    for label, cells in body:
        rows.append([label, *[cell.text if cell.hidden else cell.value for cell in cells]])
    return rows


Filters = list[tuple[str, str]]


def filter_rows(filters: Filters) -> list[list[str]]:
    """The filters the table was made with, below the table: a download says what it counts."""
    if not filters:
        return []
    return [[], [str(_("Filters"))], *[[label, value] for label, value in filters]]


def export_csv(table: Table, filters: Filters | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(row_safe([table.title]))
    writer.writerows(row_safe(row) for row in table_rows(table))
    for note in table.notes:
        writer.writerow(row_safe([note]))
    writer.writerows(row_safe(row) for row in filter_rows(filters or []))
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(table: Table, filters: Filters | None = None) -> bytes:
    output = io.BytesIO()
    # constant_memory writes each row as it goes, so large tables need little memory.
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "constant_memory": True})
    sheet = workbook.add_worksheet(table.key[:31])
    bold = workbook.add_format({"bold": True})
    sheet.write_string(0, 0, table.title, bold)
    for r, row in enumerate(table_rows(table), start=1):
        for c, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value), bold if r == 1 or c == 0 else None)
    notes_start = len(table.rows) + 4
    for offset, note in enumerate(table.notes, start=notes_start):
        sheet.write_string(offset, 0, note)
    filters_start = notes_start + len(table.notes)
    for r, row in enumerate(filter_rows(filters or []), start=filters_start):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value, bold if len(row) == 1 else None)
    sheet.set_column(0, 0, 32)
    workbook.close()
    return output.getvalue()


def export_filename(*, table: Table, scope, libraries, fmt: str) -> str:
    """e.g. plein-onderwerp-bibliotheek-beekveld-2026-10-01-2026-10-31.csv"""
    names = [lib.slug for lib in libraries if lib.pk in scope.libraries]
    who = names[0] if len(names) == 1 else f"{len(names)}-bibliotheken"
    return f"plein-{slugify(table.key)}-{who}-{scope.start:%Y-%m-%d}-{scope.end:%Y-%m-%d}.{fmt}"


def export_response(
    *, table: Table, fmt: str, filename: str, filters: Filters | None = None
) -> HttpResponse:
    content = export_csv(table, filters) if fmt == "csv" else export_xlsx(table, filters)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
