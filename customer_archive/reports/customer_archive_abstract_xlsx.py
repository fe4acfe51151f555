"""A small XLSX report engine (the role of OCA's ``report_xlsx``, see README "Excel").

A report is an AbstractModel ``report.customer_archive.<name>`` inheriting this one and
implementing ``generate_xlsx_report(workbook, data, records)``. ``_create_xlsx_report`` checks the
user's right to the report, opens an xlsxwriter workbook (constant-memory mode for large
exports), calls ``generate_xlsx_report`` and returns the file. The controller
``/customer_archive/xlsx/<name>`` serves it; ``action_download`` is what buttons and menus call.
"""

import datetime
import io
import json
import re
from urllib.parse import urlencode

import xlsxwriter
import xlsxwriter.format

from odoo import api, models
from odoo.exceptions import AccessError

from ..models.res_users_archive_role import GROUP_MANAGER

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell whose text starts with one of these is a formula (or DDE payload) for Excel,
# LibreOffice or Google Sheets when typed or imported: such text is written as a text cell
# (with Excel's quote prefix where XlsxWriter supports it), never as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters Excel refuses in sheet names.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
QUOTE_PREFIX = hasattr(xlsxwriter.format.Format, "set_quote_prefix")


class CustomerArchiveAbstractXlsx(models.AbstractModel):
    _name = "report.customer_archive.abstract_xlsx"
    _description = "Customer Archive Excel Report"

    # ------------------------------------------------------------------
    # Hooks a report overrides
    # ------------------------------------------------------------------
    def _get_report_filename(self, data):
        """File name of the workbook, without extension. Override per report."""
        return "report"

    def _get_workbook_options(self, data):
        """xlsxwriter options. Text is never turned into formulas, numbers or links: every
        string is written with ``write_string`` anyway, these make sure of it."""
        return {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        }

    def _get_report_access_group(self):
        """XML id of the group allowed to run the report (archive managers by default:
        exporting archive data is theirs only)."""
        return GROUP_MANAGER

    def _check_report_access(self):
        """Refuse the report to users outside ``_get_report_access_group()``, on the server."""
        if not self.env.user.has_group(self._get_report_access_group()):
            raise AccessError(
                self.env._("Only archive managers can export customer archive data to Excel.")
            )

    def generate_xlsx_report(self, workbook, data, records):
        """Write the report into ``workbook`` (an xlsxwriter Workbook)."""
        raise NotImplementedError()

    def _get_report_records(self, data):
        """The records the report is about (an empty recordset of this model by default)."""
        return self.browse()

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------
    def _create_xlsx_report(self, data=None):
        """Return ``(content, filename)`` of the workbook for ``data`` (a dict)."""
        data = dict(data or {})
        self._check_report_access()
        records = self._get_report_records(data)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, self._get_workbook_options(data))
        try:
            self.generate_xlsx_report(workbook, data, records)
        finally:
            workbook.close()
        return output.getvalue(), "%s.xlsx" % self._get_report_filename(data)

    @api.model
    def action_download(self, data=None):
        """Window action downloading the report through the controller; the right is checked
        here (a clear message at once) and again when the file is built."""
        self._check_report_access()
        report = self._name.removeprefix("report.customer_archive.")
        query = {"data": json.dumps(data)} if data else {}
        url = "/customer_archive/xlsx/%s" % report
        if query:
            url += "?" + urlencode(query)
        return {"type": "ir.actions.act_url", "url": url, "target": "download"}

    # ------------------------------------------------------------------
    # Writing helpers
    # ------------------------------------------------------------------
    @api.model
    def _xlsx_sheet_name(self, name):
        """A valid sheet name (Chinese allowed): no []:*?/\\, at most 31 characters."""
        name = SHEET_NAME_FORBIDDEN.sub(" ", name or "").strip().strip("'") or "Sheet"
        return name[:31]

    @api.model
    def _xlsx_money_format(self, currency=None):
        """Excel number format of an amount in ``currency`` (the company's by default): its
        symbol on the side the currency puts it (``"¥"#,##0.00``), its decimal places."""
        currency = currency or self.env.company.currency_id
        number = "#,##0" + ("." + "0" * currency.decimal_places if currency.decimal_places else "")
        symbol = '"%s"' % (currency.symbol or currency.name).replace('"', "")
        if currency.position == "after":
            return "%s %s" % (number, symbol)
        return symbol + number

    @api.model
    def _xlsx_formats(self, workbook):
        """The formats every report shares, by name: ``money`` in the company currency,
        ``decimal`` a plain number with two decimals."""
        base = {"font_name": "Microsoft YaHei", "font_size": 10, "valign": "top"}
        money = self._xlsx_money_format()
        specs = {
            "header": {
                "bold": True,
                "bg_color": "#D9E1F2",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            },
            "title": {"bold": True, "font_size": 14},
            "text": {},
            # Excel's quote prefix keeps formula-like text as text even when the cell is
            # edited again; XlsxWriter has it from 3.0.6 (Odoo pins 3.0.2 on Python 3.11).
            "text_quoted": {"quote_prefix": True} if QUOTE_PREFIX else {},
            "int": {"num_format": "#,##0"},
            "money": {"num_format": money},
            "decimal": {"num_format": "#,##0.00"},
            "percent": {"num_format": "0.0%"},
            "date": {"num_format": "yyyy-mm-dd"},
            "month": {"num_format": "yyyy-mm"},
            "datetime": {"num_format": "yyyy-mm-dd hh:mm"},
            "total_label": {"bold": True, "top": 1},
            "total_int": {"bold": True, "top": 1, "num_format": "#,##0"},
            "total_money": {"bold": True, "top": 1, "num_format": money},
            "total_decimal": {"bold": True, "top": 1, "num_format": "#,##0.00"},
            "total_percent": {"bold": True, "top": 1, "num_format": "0.0%"},
        }
        return {name: workbook.add_format(dict(base, **spec)) for name, spec in specs.items()}

    @api.model
    def _xlsx_write(self, sheet, row, col, value, formats, number_format="text"):
        """Write one value by its Python type; strings are always text cells (never
        formulas), with a quote prefix when they start like a formula."""
        self._xlsx_cell_writer(sheet, formats, number_format)(row, col, value)

    @api.model
    def _xlsx_cell_writer(self, sheet, formats, number_format="text"):
        """A function ``write(row, col, value)`` writing the values of one column as
        :meth:`_xlsx_write` describes, its formats looked up once (a table writes millions of
        cells)."""
        text_format = formats["text"]
        number = formats.get(number_format, text_format)
        write_string = sheet.write_string
        write_number = sheet.write_number

        def write(row, col, value):
            if value is None or value is False:
                return
            if type(value) is str:  # the usual case first (a subclass takes the path below)
                quoted = value.startswith(FORMULA_PREFIXES)
                write_string(row, col, value, formats["text_quoted"] if quoted else text_format)
            elif isinstance(value, bool):
                sheet.write_boolean(row, col, value, text_format)
            elif isinstance(value, (int, float)):
                write_number(row, col, value, number)
            elif isinstance(value, datetime.datetime):
                sheet.write_datetime(row, col, value, formats["datetime"])
            elif isinstance(value, datetime.date):
                fmt = formats["month"] if number_format == "month" else formats["date"]
                sheet.write_datetime(row, col, value, fmt)
            else:
                text = str(value)
                quoted = text.startswith(FORMULA_PREFIXES)
                write_string(row, col, text, formats["text_quoted"] if quoted else text_format)

        return write

    @api.model
    def _xlsx_write_table(
        self,
        sheet,
        formats,
        headers,
        rows,
        first_row=0,
        widths=None,
        number_formats=None,
        freeze_cols=0,
        autofilter=True,
        first_col=0,
        freeze=True,
    ):
        """Header row (frozen unless ``freeze`` is off, with an autofilter) and ``rows``
        (iterable of sequences) from ``first_row``, ``first_col``. Returns the index of the next
        free row."""
        for col, width in enumerate(widths or [], start=first_col):
            sheet.set_column(col, col, width)
        sheet.set_row(first_row, 30)
        for col, header in enumerate(headers, start=first_col):
            sheet.write_string(first_row, col, header, formats["header"])
        if freeze:
            sheet.freeze_panes(first_row + 1, freeze_cols)
        row = first_row + 1
        number_formats = number_formats or ["text"] * len(headers)
        writers = [self._xlsx_cell_writer(sheet, formats, fmt) for fmt in number_formats]
        # Text and numbers, nearly every cell, are written here as the column's writer would
        # write them: one call less per cell (a table writes millions of cells).
        text_format, quoted_format = formats["text"], formats["text_quoted"]
        numbers = [formats.get(fmt, text_format) for fmt in number_formats]
        write_string, write_number = sheet.write_string, sheet.write_number
        for values in rows:
            for col, value in enumerate(values):
                kind = type(value)
                if kind is str:
                    quoted = value.startswith(FORMULA_PREFIXES)
                    write_string(
                        row, first_col + col, value, quoted_format if quoted else text_format
                    )
                elif kind is int or kind is float:
                    write_number(row, first_col + col, value, numbers[col])
                elif value is not None and value is not False:
                    writers[col](row, first_col + col, value)
            row += 1
        if autofilter and headers:
            last_col = first_col + len(headers) - 1
            sheet.autofilter(first_row, first_col, max(row - 1, first_row), last_col)
        return row

    @api.model
    def _xlsx_write_total(self, sheet, formats, row, totals, number_formats, first_col=0):
        """A bold total row: the label, then ``totals`` ({column of the table: number}) in the
        total format of the column's number format (int, money or percent)."""
        sheet.write_string(row, first_col, self.env._("Total"), formats["total_label"])
        for col, value in totals.items():
            fmt = formats.get("total_%s" % number_formats[col], formats["total_int"])
            sheet.write_number(row, first_col + col, value, fmt)

    @api.model
    def _xlsx_add_chart(self, workbook, sheet, chart_type, title, series, anchor):
        """Insert a chart at ``anchor``; ``series``: (name, categories, values), the ranges as
        [first_row, first_col, last_row, last_col] on ``sheet``."""
        chart = workbook.add_chart({"type": chart_type})
        for name, categories, values in series:
            chart.add_series(
                {
                    "name": name,
                    "categories": [sheet.name] + categories,
                    "values": [sheet.name] + values,
                }
            )
        chart.set_title({"name": title})
        chart.set_size({"width": 620, "height": 340})
        sheet.insert_chart(anchor, chart)
        return chart

    @api.model
    def _xlsx_write_block(
        self,
        workbook,
        sheet,
        formats,
        headers,
        rows,
        first_row=2,
        first_col=0,
        widths=None,
        number_formats=None,
        freeze_cols=0,
        table_options=None,
        totals=None,
        chart=None,
    ):
        """A table, its total row and a chart of it: the block of a statistics sheet.

        ``rows``: a list of sequences (numbers, text, dates), ``number_formats`` one per column
        (``text``, ``int``, ``money``, ``percent``, ``date``, ``month``); ``table_options``: more
        arguments of :meth:`_xlsx_write_table` (``autofilter``, ``freeze``). ``totals``:
        {column: number} of the total row under the table (None: no total row). ``chart``: a
        dict ``type``, ``title``, ``anchor``, ``categories`` (a column, default the first) and
        ``values`` (columns, one series each named by its header, default the second); drawn
        only when there are rows. Columns count from the table's first column. Returns the row
        under the table (the total's)."""
        number_formats = number_formats or ["text"] * len(headers)
        end = self._xlsx_write_table(
            sheet,
            formats,
            headers,
            rows,
            first_row=first_row,
            widths=widths,
            number_formats=number_formats,
            freeze_cols=freeze_cols,
            first_col=first_col,
            **(table_options or {}),
        )
        if totals is not None:
            self._xlsx_write_total(sheet, formats, end, totals, number_formats, first_col)
        if chart and rows:
            categories = first_col + chart.get("categories", 0)
            series = [
                (
                    headers[col],
                    [first_row + 1, categories, end - 1, categories],
                    [first_row + 1, first_col + col, end - 1, first_col + col],
                )
                for col in chart.get("values", [1])
            ]
            self._xlsx_add_chart(
                workbook, sheet, chart["type"], chart["title"], series, chart["anchor"]
            )
        return end
