from odoo import api, fields, models, tools
from odoo.tools import SQL

from .customer_archive_sensitive_field import mask_value


class CustomerArchiveFieldHistory(models.Model):
    """The tracked changes (mail.tracking.value) of an archive and of its contacts, in one
    list per archive. Read-only (a view); the values of sensitive fields are masked for users
    who are not cleared, as in the chatter."""

    _name = "customer.archive.field.history"
    _description = "Archive Field History"
    _auto = False
    _order = "date desc, id desc"

    date = fields.Datetime(readonly=True)
    archive_id = fields.Many2one("res.partner", readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Record", readonly=True)
    author_id = fields.Many2one("res.partner", string="Changed By", readonly=True)
    field_id = fields.Many2one("ir.model.fields", readonly=True)
    field_name = fields.Char(string="Technical Name", readonly=True)
    tracking_id = fields.Many2one("mail.tracking.value", readonly=True)
    field_label = fields.Char(string="Field Name", compute="_compute_values")
    old_value_display = fields.Char(string="Old Value", compute="_compute_values")
    new_value_display = fields.Char(string="New Value", compute="_compute_values")

    def _select(self):
        return SQL(
            """
            SELECT v.id AS id, m.date AS date, p.archive_root_id AS archive_id,
                   p.id AS partner_id, m.author_id AS author_id, v.field_id AS field_id, f.name AS field_name,
                   v.id AS tracking_id
            """
        )

    def _from(self):
        return SQL(
            """
            FROM mail_tracking_value v
            JOIN mail_message m ON m.id = v.mail_message_id AND m.model = 'res.partner'
            JOIN res_partner p ON p.id = m.res_id
            LEFT JOIN ir_model_fields f ON f.id = v.field_id
            WHERE p.archive_root_id IS NOT NULL
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s %s)",
                SQL.identifier(self._table),
                self._select(),
                self._from(),
            )
        )

    @api.depends_context("uid", "lang")
    def _compute_values(self):
        Partner = self.env["res.partner"]
        masked = Partner._archive_masked_fields()
        # sudo: the tracked values are read to be shown, masked below for users not cleared
        trackings = self.sudo().tracking_id
        by_id = {tracking.id: tracking for tracking in trackings}
        in_scope = {}
        for fname, rule in masked.items():
            # sudo: only whether the changed records are in the rule's scope
            in_scope[fname] = self.partner_id.sudo()._archive_ids_in_rule_scope(rule)
        for row in self:
            # sudo: the tracking value of this row (a view row has the tracking's id)
            tracking = by_id.get(row.sudo().tracking_id.id)
            fname = row.field_name
            field = Partner._fields.get(fname)
            ftype = field.type if field else "char"
            row.field_label = field._description_string(self.env) if field else (fname or "")
            if not tracking:
                row.old_value_display = row.new_value_display = False
                continue
            values = [tracking._format_display_value(ftype, new=new)[0] for new in (False, True)]
            values = [str(value) if value not in (False, None) else "" for value in values]
            rule = masked.get(fname)
            if rule and row.partner_id.id in in_scope[fname]:
                values = [
                    mask_value(value, rule.style, ftype) if value else value for value in values
                ]
            row.old_value_display, row.new_value_display = values
