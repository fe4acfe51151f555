"""Care messages (客户关怀): the wizard that previews the recipients and sends a greeting."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class CustomerArchiveCareSend(models.TransientModel):
    """Choose an occasion and a day, preview who receives the greeting and who is excluded
    (with the reason), then queue the greetings."""

    _name = "customer.archive.care.send"
    _description = "Send Care Messages"

    occasion_id = fields.Many2one("customer.archive.occasion", required=True)
    occasion_kind = fields.Selection(related="occasion_id.kind")
    date = fields.Date(string="Day", required=True, default=fields.Date.context_today)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Contacts",
        help="The contacts to greet; empty: the people of your archives (for a birthday, "
        "those born on that day).",
    )
    line_ids = fields.One2many("customer.archive.care.send.line", "wizard_id", string="Preview")
    recipient_count = fields.Integer(compute="_compute_counts")
    excluded_count = fields.Integer(compute="_compute_counts")
    previewed = fields.Boolean(readonly=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            archives = self.env["res.partner"].browse(self.env.context.get("active_ids") or [])
            people = archives | archives.child_ids
            res["partner_ids"] = [
                Command.set(people.filtered_domain(people._care_get_candidate_domain()).ids)
            ]
        return res

    @api.depends("line_ids.included")
    def _compute_counts(self):
        for wizard in self:
            included = wizard.line_ids.filtered("included")
            wizard.recipient_count = len(included)
            wizard.excluded_count = len(wizard.line_ids) - len(included)

    @api.onchange("occasion_id", "date", "partner_ids")
    def _onchange_reset_preview(self):
        self.line_ids = [Command.clear()]
        self.previewed = False

    def _get_people(self):
        self.ensure_one()
        # sudo: the ids as given (a many2many hides what the user cannot read); the caller
        # checks the user's access to them, so a forced id is refused, not silently dropped
        chosen = self.sudo().partner_ids.with_env(self.env)
        if chosen:
            return chosen
        return self.env["res.partner"]._care_get_candidates(self.occasion_id, self.date)

    def _check_day(self):
        self.ensure_one()
        occasion = self.occasion_id
        if occasion.kind == "holiday" and occasion._get_date(self.date.year) != self.date:
            raise UserError(
                self.env._(
                    '"%(occasion)s" does not fall on %(date)s: set its date for %(year)s in '
                    "Occasions.",
                    occasion=occasion.name,
                    date=self.date,
                    year=self.date.year,
                )
            )

    def action_preview(self):
        """List the recipients and the excluded contacts with the reason."""
        self.ensure_one()
        self._check_day()
        people = self._get_people()
        people.check_access("read")
        exclusions = people._care_get_exclusions(self.occasion_id, self.date)
        self.write(
            {
                "previewed": True,
                "line_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "partner_id": person.id,
                            "included": person not in exclusions,
                            "reason": exclusions.get(person, False),
                        }
                    )
                    for person in people
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Send Care Messages"),
        }

    def action_send(self):
        """Queue the greeting to the recipients of the preview (previewed again now)."""
        self.ensure_one()
        self._check_day()
        if not self.previewed:
            raise UserError(self.env._("Preview the recipients before sending."))
        # sudo: the ids as given, checked for the user's access by _send_greetings
        recipients = self.sudo().line_ids.filtered("included").partner_id.with_env(self.env)
        if not recipients:
            raise UserError(self.env._("Nobody in the preview may receive this greeting."))
        self.env["customer.archive.care.message"]._send_greetings(
            recipients, self.occasion_id, self.date
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_care_message_action"
        )
        action["domain"] = [
            ("occasion_id", "=", self.occasion_id.id),
            ("occasion_date", "=", self.date),
        ]
        return action


class CustomerArchiveCareSendLine(models.TransientModel):
    _name = "customer.archive.care.send.line"
    _description = "Care Message Preview Line"
    _order = "included desc, id"

    wizard_id = fields.Many2one("customer.archive.care.send", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Contact", required=True)
    archive_id = fields.Many2one(related="partner_id.commercial_partner_id", string="Archive")
    included = fields.Boolean(string="Receives")
    reason = fields.Char(string="Excluded Because")
