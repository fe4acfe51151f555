from odoo import api, models


class ReportCustomerArchiveCard(models.AbstractModel):
    """The archive card prints the member cards, points and member level (membership)."""

    _inherit = "report.customer_archive.report_archive_card"

    @api.model
    def _get_card_membership(self, partners):
        """{archive id: [{code, programme, points, level}]}, read as the printing user through
        the archive's membership fields (one search of cards for all archives)."""
        result = {}
        for partner in partners:
            level = partner.member_level_id.display_name or ""
            result[partner.id] = [
                {
                    "code": card.code,
                    "program": card.program_id.display_name,
                    "points": "%.2f" % card.points,
                    "level": level,
                }
                for card in partner.member_card_ids
            ]
        return result

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        membership = self._get_card_membership(values["docs"])
        for card in values["cards"]:
            rows = membership.get(card["id"], [])
            card["member_cards"] = rows
            card["member_level"] = rows[0]["level"] if rows else ""
            card["member_points"] = (
                "%.2f" % sum(float(row["points"]) for row in rows) if rows else ""
            )
        return values
