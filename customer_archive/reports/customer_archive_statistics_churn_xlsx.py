from odoo import api, fields, models


class CustomerArchiveStatisticsXlsx(models.AbstractModel):
    """The churn sheet of the statistics workbook (客户流失)."""

    _inherit = "report.customer_archive.statistics_xlsx"

    def _get_statistics_sheets(self):
        return super()._get_statistics_sheets() + [self._sheet_churn]

    @api.model
    def _get_churn_groupby(self):
        """The dimensions of the churn analysis, in the order of the sheet's columns."""
        return ["lost_date:month", "lost_tier_id", "region_id", "user_id", "lost_reason_id"]

    def _sheet_churn(self, data):
        """Archives and revenue lost per month, tier when lost, region, salesperson and reason
        over the period (one grouped query, as the user); a chart of the revenue lost per
        month beside."""
        start, today = self._statistics_period(data)
        Partner = self.env["res.partner"]
        domain = self._get_statistics_archive_domain() + [
            ("archive_stage", "=", "lost"),
            ("lost_date", ">=", start),
        ]
        groupby = self._get_churn_groupby()
        groups = Partner._read_group(domain, groupby, ["__count", "lost_revenue:sum"])
        labels = Partner.fields_get(
            ["lost_tier_id", "region_id", "user_id", "lost_reason_id", "lost_revenue"], ["string"]
        )
        currency = self.env.company.currency_id.name
        rows = []
        per_month = {}
        for month, tier, region, user, reason, count, revenue in groups:
            month = self._month(month)
            rows.append(
                [
                    month,
                    tier.display_name or None,
                    region.display_name or None,
                    user.display_name or None,
                    reason.display_name or self.env._("No Reason Given"),
                    count,
                    revenue or 0.0,
                ]
            )
            per_month[month] = per_month.get(month, 0.0) + (revenue or 0.0)
        lost = self.env._("Archives Lost")
        revenue_label = self.env._("Revenue Lost (%(currency)s)", currency=currency)
        return {
            "name": self.env._("Churn"),
            "title": self.env._(
                "Customers lost per month, tier, region, salesperson and reason, %(start)s to "
                "%(end)s (revenue: untaxed, %(currency)s, of the tier window before the loss)",
                start=fields.Date.to_string(start),
                end=fields.Date.to_string(today),
                currency=currency,
            ),
            "blocks": [
                dict(
                    headers=[
                        self.env._("Month"),
                        labels["lost_tier_id"]["string"],
                        labels["region_id"]["string"],
                        labels["user_id"]["string"],
                        labels["lost_reason_id"]["string"],
                        lost,
                        revenue_label,
                    ],
                    rows=rows,
                    widths=[12, 14, 14, 14, 16, 12, 16],
                    number_formats=["month", "text", "text", "text", "text", "int", "money"],
                    freeze_cols=1,
                    totals={5: sum(r[5] for r in rows), 6: sum(r[6] for r in rows)},
                ),
                dict(
                    headers=[self.env._("Month"), revenue_label],
                    rows=sorted(per_month.items()),
                    first_col=9,
                    widths=[12, 16],
                    number_formats=["month", "money"],
                    table_options={"autofilter": False, "freeze": False},
                    chart=dict(
                        type="column",
                        title=self.env._("Revenue Lost per Month"),
                        anchor="M3",
                    ),
                ),
            ],
        }
