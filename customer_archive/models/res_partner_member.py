"""Membership (会员) on the archive: the member cards of Odoo's loyalty programmes (type
*loyalty*) of the archive and its contacts, the points balance and the member level of the
points bands (customer.archive.member.level). Sales and loyalty stay in Odoo: read, not copied."""

from collections import defaultdict

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    member_card_ids = fields.Many2many(
        "loyalty.card",
        compute="_compute_membership",
        string="Member Cards",
        groups="customer_archive.group_archive_user",
    )
    member_card_code = fields.Char(string="Member Card", compute="_compute_membership")
    member_program_id = fields.Many2one(
        "loyalty.program", string="Membership Programme", compute="_compute_membership"
    )
    member_points = fields.Float(compute="_compute_membership", digits=(16, 2))
    member_level_id = fields.Many2one(
        "customer.archive.member.level", compute="_compute_membership"
    )

    @api.model
    def _get_member_card_domain(self, partner_ids):
        """Cards that count as member cards of the archives ``partner_ids`` (extension point):
        active cards of loyalty programmes of the allowed companies, held by the archive or
        one of its contacts."""
        return [
            ("partner_id.commercial_partner_id", "in", partner_ids),
            ("program_id.program_type", "=", "loyalty"),
            ("company_id", "in", [False, *self.env.companies.ids]),
        ]

    @api.model
    def _get_member_cards(self, partner_ids):
        """{commercial partner id: loyalty.card records (as superuser)} in one search."""
        # sudo: the cards of archives the user reads (the caller's records); a salesperson
        # without loyalty rights still sees the membership of their archives
        cards = (
            self.env["loyalty.card"]
            .sudo()
            .search_fetch(
                self._get_member_card_domain(partner_ids),
                ["code", "points", "program_id", "partner_id"],
                order="points desc, id",
            )
        )
        cards.partner_id.fetch(["commercial_partner_id"])
        by_partner = defaultdict(lambda: self.env["loyalty.card"].sudo())
        for card in cards:
            by_partner[card.partner_id.commercial_partner_id.id] |= card
        return by_partner

    @api.depends_context("allowed_company_ids")
    def _compute_membership(self):
        """Cards, points and level of a whole batch: one search of the cards, one of the levels."""
        Level = self.env["customer.archive.member.level"]
        self.member_card_ids = False
        self.member_card_code = False
        self.member_program_id = False
        self.member_points = 0.0
        self.member_level_id = False
        archives = self.filtered(lambda p: p.id and p.is_customer_archive)
        if not archives:
            return
        cards_of = self._get_member_cards(archives.commercial_partner_id.ids)
        table = Level._get_level_table()
        for partner in archives:
            cards = cards_of.get(partner.commercial_partner_id.id)
            if not cards:
                continue
            points = sum(cards.mapped("points"))
            partner.member_card_ids = cards.ids
            partner.member_card_code = cards[0].code
            partner.member_program_id = cards[0].program_id.id
            partner.member_points = points
            partner.member_level_id = Level._level_for(table, points).id
