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
        """The sheets, in order: methods taking ``data`` and returning the sheet as a dict:
        ``name``, ``title``, and ``blocks``, each the table, total and chart arguments of
        ``_xlsx_write_block`` (or ``note``, a line of text instead). Override to add or remove a
        sheet."""
        return [
            self._sheet_archive_breakdown,
            self._sheet_new_archives,
            self._sheet_tier_changes,
            self._sheet_visit_compliance,
            self._sheet_top_customers,
        ]

    def generate_xlsx_report(self, workbook, data, records):
        formats = self._xlsx_formats(workbook)
        for prepare_sheet in self._get_statistics_sheets():
            spec = prepare_sheet(data)
            sheet = workbook.add_worksheet(self._xlsx_sheet_name(spec["name"]))
            sheet.write_string(0, 0, spec["title"], formats["title"])
            if spec.get("note"):
                sheet.write_string(2, 0, spec["note"])
            for block in spec.get("blocks", []):
                self._xlsx_write_block(workbook, sheet, formats, **block)

    @staticmethod
    def _month(value):
        return value.date() if isinstance(value, datetime.datetime) else value

    # ------------------------------------------------------------------
    # sheets: a title and one or two blocks (table, total, chart), each from one grouped query
    # ------------------------------------------------------------------
    def _sheet_archive_breakdown(self, data):
        """Customers by tier x region x type x source x status (one grouped query); a tier
        summary and a pie chart beside."""
        Partner = self.env["res.partner"]
        dims = ["tier_id", "region_id", "customer_type_id", "source_id", "archive_status_id"]
        groups = Partner._read_group(self._get_statistics_archive_domain(), dims, ["__count"])
        labels = Partner.fields_get(dims, ["string"])
        rows = [
            [rec.display_name if rec else None for rec in group[:-1]] + [group[-1]]
            for group in groups
        ]
        # Summary per tier (from the same result) for the chart.
        per_tier = {}
        for group in groups:
            name = group[0].display_name or self.env._("No Tier")
            per_tier[name] = per_tier.get(name, 0) + group[-1]
        customers = self.env._("Customers")
        return {
            "name": customers,
            "title": self.env._(
                "Customers by tier, region, type, source and status on %(date)s",
                date=fields.Date.to_string(fields.Date.context_today(self)),
            ),
            "blocks": [
                dict(
                    headers=[labels[d]["string"] for d in dims] + [customers],
                    rows=rows,
                    widths=[14, 16, 14, 14, 12, 12],
                    number_formats=["text"] * 5 + ["int"],
                    totals={5: sum(r[-1] for r in rows)},
                ),
                dict(
                    headers=[labels["tier_id"]["string"], customers],
                    rows=list(per_tier.items()),
                    first_col=7,
                    widths=[14],
                    number_formats=["text", "int"],
                    table_options={"autofilter": False, "freeze": False},
                    chart=dict(type="pie", title=self.env._("Customers by Tier"), anchor="K3"),
                ),
            ],
        }

    def _sheet_new_archives(self, data):
        """New archives per month of the period (archive date), one grouped query."""
        start, today = self._statistics_period(data)
        domain = self._get_statistics_archive_domain() + [("archive_date", ">=", start)]
        groups = self.env["res.partner"]._read_group(domain, ["archive_date:month"], ["__count"])
        rows = [(self._month(month), count) for month, count in groups]
        return {
            "name": self.env._("New Archives"),
            "title": self.env._(
                "New archives per month, %(start)s to %(end)s",
                start=fields.Date.to_string(start),
                end=fields.Date.to_string(today),
            ),
            "blocks": [
                dict(
                    headers=[self.env._("Month"), self.env._("New Archives")],
                    rows=rows,
                    widths=[14, 14],
                    number_formats=["month", "int"],
                    totals={1: sum(count for _month, count in rows)},
                    chart=dict(
                        type="column", title=self.env._("New Archives per Month"), anchor="D3"
                    ),
                )
            ],
        }

    def _sheet_tier_changes(self, data):
        """Tier changes per month and direction (customer.archive.tier.history), one grouped
        query."""
        start, today = self._statistics_period(data)
        History = self.env["customer.archive.tier.history"]
        domain = [("date", ">=", fields.Datetime.to_datetime(start))]
        groups = History._read_group(domain, ["date:month", "direction"], ["__count"])
        direction_labels = dict(
            History.fields_get(["direction"], ["selection"])["direction"]["selection"]
        )
        by_month = {}
        for month, direction, count in groups:
            by_month.setdefault(self._month(month), dict.fromkeys(DIRECTIONS, 0))[direction] = count
        headers = [self.env._("Month")] + [direction_labels[d] for d in DIRECTIONS]
        rows = [[month, *(by_month[month][d] for d in DIRECTIONS)] for month in sorted(by_month)]
        return {
            "name": self.env._("Tier Changes"),
            "title": self.env._(
                "Tier changes per month since %(start)s", start=fields.Date.to_string(start)
            ),
            "blocks": [
                dict(
                    headers=headers,
                    rows=rows,
                    widths=[14] * len(headers),
                    number_formats=["month"] + ["int"] * len(DIRECTIONS),
                    totals={col: sum(r[col] for r in rows) for col in range(1, len(headers))},
                    chart=dict(
                        type="column",
                        title=self.env._("Upgrades and Downgrades"),
                        anchor="G3",
                        values=[1, 2],
                    ),
                )
            ],
        }

    def _sheet_visit_compliance(self, data):
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
        totals = {col: sum(r[col] for r in rows) for col in range(1, len(measures) + 1)}
        planned, done, customers, in_policy = totals[1], totals[2], totals[4], totals[5]
        totals[7] = done / planned if planned else 0.0
        totals[8] = in_policy / customers if customers else 0.0
        headers = [labels[f]["string"] for f in ["user_id"] + measures] + [
            self.env._("Done Rate"),
            self.env._("In-Policy Rate"),
        ]
        return {
            "name": self.env._("Visit Compliance"),
            "title": self.env._(
                "Visit compliance per salesperson since %(start)s (customers counted per month)",
                start=fields.Date.to_string(start),
            ),
            "blocks": [
                dict(
                    headers=headers,
                    rows=rows,
                    widths=[16] + [12] * (len(headers) - 1),
                    number_formats=["text"] + ["int"] * len(measures) + ["percent", "percent"],
                    freeze_cols=1,
                    totals=totals,
                    chart=dict(
                        type="bar",
                        title=self.env._("Done Rate per Salesperson"),
                        anchor="K3",
                        values=[7],
                    ),
                )
            ],
        }

    def _sheet_top_customers(self, data):
        """Top customers by confirmed sales (untaxed, company currency) over the period, from
        the sales analysis, one grouped query."""
        start, today = self._statistics_period(data)
        currency = self.env.company.currency_id.name
        sheet = {
            "name": self.env._("Top Customers"),
            "title": self.env._(
                "Top %(count)s customers by confirmed sales (untaxed, %(currency)s), %(start)s to %(end)s",
                count=self._top_customers,
                currency=currency,
                start=fields.Date.to_string(start),
                end=fields.Date.to_string(today),
            ),
        }
        SaleReport = self.env["sale.report"]
        if not SaleReport.has_access("read"):
            return dict(sheet, note=self.env._("You have no access to the sales analysis."))
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
            self.env._("Sales (%(currency)s)", currency=currency),
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
        sheet["blocks"] = [
            dict(
                headers=headers,
                rows=rows,
                widths=[6, 14, 30, 12, 14, 12, 8, 16],
                number_formats=["int", "text", "text", "text", "text", "text", "int", "money"],
                freeze_cols=3,
                totals={6: sum(r[6] for r in rows), 7: sum(r[7] for r in rows)},
                chart=dict(
                    type="bar",
                    title=self.env._("Top Customers by Sales"),
                    anchor="J3",
                    categories=2,
                    values=[7],
                ),
            )
        ]
        return sheet
