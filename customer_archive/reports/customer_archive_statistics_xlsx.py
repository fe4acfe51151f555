import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# Tier-change directions, in the order of the columns of the tier-change sheet.
DIRECTIONS = ("up", "down", "new", "same")


class CustomerArchiveStatisticsXlsx(models.AbstractModel):
    """Statistics workbook: one sheet per statistic, each from one grouped query run as the
    user (record rules apply), each with a chart."""

    _name = "report.customer_archive.statistics_xlsx"
    _inherit = "report.customer_archive.abstract_xlsx"
    _description = "Customer Archive Statistics (Excel)"

    _top_customers = 20

    def _get_report_filename(self, data):
        return self.env._("customer_archive_statistics")

    @api.model
    def _get_statistics_archive_domain(self):
        """The archives the statistics count (the user's record rules apply on top)."""
        return [("is_customer_archive", "=", True)]

    @api.model
    def _statistics_period(self, data):
        """First day of the period (``months`` whole months up to this one, default 12) and
        today."""
        months = data.get("months") or 12
        if not isinstance(months, int) or not 1 <= months <= 120:
            months = 12
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=months - 1), today

    def _get_statistics_sheets(self):
        """The sheet writers, in order: each takes (workbook, formats, data). Override to add
        or remove a sheet."""
        return [
            self._sheet_archive_breakdown,
            self._sheet_new_archives,
            self._sheet_tier_changes,
            self._sheet_visit_compliance,
            self._sheet_top_customers,
        ]

    def generate_xlsx_report(self, workbook, data, records):
        formats = self._xlsx_formats(workbook)
        formats["month"] = workbook.add_format(
            {"font_name": "Microsoft YaHei", "font_size": 10, "num_format": "yyyy-mm"}
        )
        for write_sheet in self._get_statistics_sheets():
            write_sheet(workbook, formats, data)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _statistics_sheet(self, workbook, formats, name, title):
        sheet = workbook.add_worksheet(self._xlsx_sheet_name(name))
        sheet.write_string(0, 0, title, formats["title"])
        return sheet

    def _write_total_row(self, sheet, formats, row, totals, kinds):
        """A bold total row: ``totals`` by column (None: empty), ``kinds`` their formats."""
        sheet.write_string(row, 0, self.env._("Total"), formats["total_label"])
        for col, value in totals.items():
            sheet.write_number(row, col, value, formats["total_%s" % kinds.get(col, "int")])

    def _add_chart(self, workbook, sheet, chart_type, title, series, anchor, subtype=None):
        """Insert a chart; ``series`` is a list of (name, categories, values) ranges
        [first_row, first_col, last_row, last_col] on ``sheet``."""
        options = {"type": chart_type}
        if subtype:
            options["subtype"] = subtype
        chart = workbook.add_chart(options)
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

    @staticmethod
    def _month(value):
        return value.date() if isinstance(value, datetime.datetime) else value

    # ------------------------------------------------------------------
    # sheets
    # ------------------------------------------------------------------
    def _sheet_archive_breakdown(self, workbook, formats, data):
        """Customers by tier x region x type x source x status (one grouped query); a tier
        summary and a pie chart beside."""
        Partner = self.env["res.partner"]
        dims = ["tier_id", "region_id", "customer_type_id", "source_id", "archive_status_id"]
        groups = Partner._read_group(self._get_statistics_archive_domain(), dims, ["__count"])
        labels = Partner.fields_get(dims, ["string"])
        sheet = self._statistics_sheet(
            workbook,
            formats,
            self.env._("Customers"),
            self.env._(
                "Customers by tier, region, type, source and status on %(date)s",
                date=fields.Date.to_string(fields.Date.context_today(self)),
            ),
        )
        rows = [
            [rec.display_name if rec else None for rec in group[:-1]] + [group[-1]]
            for group in groups
        ]
        headers = [labels[d]["string"] for d in dims] + [self.env._("Customers")]
        end = self._xlsx_write_table(
            sheet,
            formats,
            headers,
            rows,
            first_row=2,
            widths=[14, 16, 14, 14, 12, 12],
            number_formats=["text"] * 5 + ["int"],
        )
        self._write_total_row(sheet, formats, end, {5: sum(r[-1] for r in rows)}, {})
        # Summary per tier (from the same result) for the chart.
        per_tier = {}
        for group in groups:
            name = group[0].display_name or self.env._("No Tier")
            per_tier[name] = per_tier.get(name, 0) + group[-1]
        sheet.set_column(7, 7, 14)
        sheet.write_string(2, 7, labels["tier_id"]["string"], formats["header"])
        sheet.write_string(2, 8, self.env._("Customers"), formats["header"])
        for offset, (name, count) in enumerate(per_tier.items(), start=3):
            self._xlsx_write(sheet, offset, 7, name, formats)
            sheet.write_number(offset, 8, count, formats["int"])
        if per_tier:
            last = 2 + len(per_tier)
            self._add_chart(
                workbook,
                sheet,
                "pie",
                self.env._("Customers by Tier"),
                [(self.env._("Customers"), [3, 7, last, 7], [3, 8, last, 8])],
                "K3",
            )

    def _sheet_new_archives(self, workbook, formats, data):
        """New archives per month of the period (archive date), one grouped query."""
        start, today = self._statistics_period(data)
        domain = self._get_statistics_archive_domain() + [("archive_date", ">=", start)]
        groups = self.env["res.partner"]._read_group(domain, ["archive_date:month"], ["__count"])
        sheet = self._statistics_sheet(
            workbook,
            formats,
            self.env._("New Archives"),
            self.env._(
                "New archives per month, %(start)s to %(end)s",
                start=fields.Date.to_string(start),
                end=fields.Date.to_string(today),
            ),
        )
        sheet.set_column(0, 1, 14)
        headers = [self.env._("Month"), self.env._("New Archives")]
        sheet.write_row(2, 0, headers, formats["header"])
        sheet.freeze_panes(3, 0)
        row = 3
        for month, count in groups:
            sheet.write_datetime(row, 0, self._month(month), formats["month"])
            sheet.write_number(row, 1, count, formats["int"])
            row += 1
        sheet.autofilter(2, 0, max(row - 1, 2), 1)
        self._write_total_row(sheet, formats, row, {1: sum(c for _m, c in groups)}, {})
        if groups:
            self._add_chart(
                workbook,
                sheet,
                "column",
                self.env._("New Archives per Month"),
                [(headers[1], [3, 0, row - 1, 0], [3, 1, row - 1, 1])],
                "D3",
            )

    def _sheet_tier_changes(self, workbook, formats, data):
        """Tier changes per month and direction (customer.archive.tier.history), one grouped
        query."""
        start, today = self._statistics_period(data)
        History = self.env["customer.archive.tier.history"]
        domain = [("date", ">=", fields.Datetime.to_datetime(start))]
        groups = History._read_group(domain, ["date:month", "direction"], ["__count"])
        direction_labels = dict(
            History.fields_get(["direction"], ["selection"])["direction"]["selection"]
        )
        sheet = self._statistics_sheet(
            workbook,
            formats,
            self.env._("Tier Changes"),
            self.env._(
                "Tier changes per month since %(start)s", start=fields.Date.to_string(start)
            ),
        )
        by_month = {}
        for month, direction, count in groups:
            by_month.setdefault(self._month(month), dict.fromkeys(DIRECTIONS, 0))[direction] = count
        headers = [self.env._("Month")] + [direction_labels[d] for d in DIRECTIONS]
        sheet.set_column(0, len(headers) - 1, 14)
        sheet.write_row(2, 0, headers, formats["header"])
        sheet.freeze_panes(3, 0)
        row = 3
        for month in sorted(by_month):
            sheet.write_datetime(row, 0, month, formats["month"])
            for col, direction in enumerate(DIRECTIONS, start=1):
                sheet.write_number(row, col, by_month[month][direction], formats["int"])
            row += 1
        sheet.autofilter(2, 0, max(row - 1, 2), len(headers) - 1)
        totals = {
            col: sum(m[d] for m in by_month.values()) for col, d in enumerate(DIRECTIONS, start=1)
        }
        self._write_total_row(sheet, formats, row, totals, {})
        if by_month:
            series = [(headers[col], [3, 0, row - 1, 0], [3, col, row - 1, col]) for col in (1, 2)]
            self._add_chart(
                workbook, sheet, "column", self.env._("Upgrades and Downgrades"), series, "G3"
            )

    def _sheet_visit_compliance(self, workbook, formats, data):
        """Visit compliance per salesperson over the period (the compliance SQL view), one
        grouped query."""
        start, _today = self._statistics_period(data)
        Compliance = self.env["customer.archive.visit.compliance"]
        measures = [
            "planned_count",
            "done_count",
            "missed_count",
            "customer_count",
            "in_policy_count",
            "overdue_count",
        ]
        groups = Compliance._read_group(
            [("month", ">=", start)], ["user_id"], ["%s:sum" % m for m in measures]
        )
        labels = Compliance.fields_get(["user_id"] + measures, ["string"])
        sheet = self._statistics_sheet(
            workbook,
            formats,
            self.env._("Visit Compliance"),
            self.env._(
                "Visit compliance per salesperson since %(start)s (customers counted per month)",
                start=fields.Date.to_string(start),
            ),
        )
        headers = [labels[f]["string"] for f in ["user_id"] + measures] + [
            self.env._("Done Rate"),
            self.env._("In-Policy Rate"),
        ]
        rows = []
        for user, *sums in groups:
            planned, done, _missed, customers, in_policy, _overdue = sums
            rows.append(
                [
                    user.display_name or self.env._("No Salesperson"),
                    *sums,
                    done / planned if planned else 0.0,
                    in_policy / customers if customers else 0.0,
                ]
            )
        end = self._xlsx_write_table(
            sheet,
            formats,
            headers,
            rows,
            first_row=2,
            widths=[16] + [12] * (len(headers) - 1),
            number_formats=["text"] + ["int"] * len(measures) + ["percent", "percent"],
            freeze_cols=1,
        )
        totals = {col: sum(r[col] for r in rows) for col in range(1, len(measures) + 1)}
        planned, done, customers, in_policy = totals[1], totals[2], totals[4], totals[5]
        totals[7] = done / planned if planned else 0.0
        totals[8] = in_policy / customers if customers else 0.0
        self._write_total_row(sheet, formats, end, totals, {7: "percent", 8: "percent"})
        if rows:
            self._add_chart(
                workbook,
                sheet,
                "bar",
                self.env._("Done Rate per Salesperson"),
                [(headers[7], [3, 0, end - 1, 0], [3, 7, end - 1, 7])],
                "K3",
            )

    def _sheet_top_customers(self, workbook, formats, data):
        """Top customers by confirmed sales (untaxed, company currency) over the period, from
        the sales analysis, one grouped query."""
        start, today = self._statistics_period(data)
        sheet = self._statistics_sheet(
            workbook,
            formats,
            self.env._("Top Customers"),
            self.env._(
                "Top %(count)s customers by confirmed sales (untaxed, %(currency)s), %(start)s to %(end)s",
                count=self._top_customers,
                currency=self.env.company.currency_id.name,
                start=fields.Date.to_string(start),
                end=fields.Date.to_string(today),
            ),
        )
        SaleReport = self.env["sale.report"]
        if not SaleReport.has_access("read"):
            sheet.write_string(2, 0, self.env._("You have no access to the sales analysis."))
            return
        domain = [
            ("state", "=", "sale"),
            ("date", ">=", fields.Datetime.to_datetime(start)),
            ("commercial_partner_id.is_customer_archive", "=", True),
        ]
        groups = SaleReport._read_group(
            domain,
            ["commercial_partner_id"],
            ["price_subtotal:sum", "name:count_distinct"],
            order="price_subtotal:sum desc",
            limit=self._top_customers,
        )
        partners = self.env["res.partner"].browse(p.id for p, _s, _c in groups)
        # As the user: archives they may not read are left out.
        info = {
            values["id"]: values
            for values in partners._filtered_access("read").read(
                ["archive_number", "display_name", "tier_id", "region_id", "user_id"]
            )
        }
        labels = self.env["res.partner"].fields_get(
            ["archive_number", "tier_id", "region_id", "user_id"], ["string"]
        )
        headers = [
            self.env._("Rank"),
            labels["archive_number"]["string"],
            self.env._("Customer"),
            labels["tier_id"]["string"],
            labels["region_id"]["string"],
            labels["user_id"]["string"],
            self.env._("Orders"),
            self.env._("Sales (%(currency)s)", currency=self.env.company.currency_id.name),
        ]
        rows = []
        for partner, revenue, orders in groups:
            values = info.get(partner.id)
            if not values:
                continue
            rows.append(
                [
                    len(rows) + 1,
                    values["archive_number"],
                    values["display_name"],
                    values["tier_id"] and values["tier_id"][1],
                    values["region_id"] and values["region_id"][1],
                    values["user_id"] and values["user_id"][1],
                    orders,
                    revenue,
                ]
            )
        end = self._xlsx_write_table(
            sheet,
            formats,
            headers,
            rows,
            first_row=2,
            widths=[6, 14, 30, 12, 14, 12, 8, 16],
            number_formats=["int", "text", "text", "text", "text", "text", "int", "money"],
            freeze_cols=3,
        )
        self._write_total_row(
            sheet,
            formats,
            end,
            {6: sum(r[6] for r in rows), 7: sum(r[7] for r in rows)},
            {7: "money"},
        )
        if rows:
            self._add_chart(
                workbook,
                sheet,
                "bar",
                self.env._("Top Customers by Sales"),
                [(headers[7], [3, 2, end - 1, 2], [3, 7, end - 1, 7])],
                "J3",
            )
