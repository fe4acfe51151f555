from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, format_datetime


class CustomerArchiveReveal(models.TransientModel):
    """Reveal (查看明文) one sensitive value of one record after giving a reason; logged in the
    access log as ``reveal`` with the field and the reason. Users of the reveal group reveal
    any value they may read; other users only a value an officer approved for them (an
    approved customer.archive.reveal.request, used up by the reveal)."""

    _name = "customer.archive.reveal"
    _description = "Reveal a Sensitive Field"

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", required=True, readonly=True
    )
    record_name = fields.Char(compute="_compute_record_name")
    sensitive_field_id = fields.Many2one(
        "customer.archive.sensitive.field",
        string="Field",
        required=True,
        domain="[('model_name', '=', res_model)]",
    )
    reason = fields.Text(required=True, help="Why you need the value; recorded in the access log.")
    value = fields.Char(readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Revealed")], default="draft", readonly=True
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") and context.get("active_id"):
            values.setdefault("res_model", context["active_model"])
            values.setdefault("res_id", context["active_id"])
        return values

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        for wizard in self:
            record = wizard._get_record()
            wizard.record_name = record.display_name if record else False

    def _get_record(self):
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env or not self.res_id:
            return None
        return self.env[self.res_model].browse(self.res_id).exists()

    @api.model
    def _check_reveal_right(self):
        if not self.env.user._may_reveal_archive_fields():
            raise AccessError(
                self.env._(
                    "You may not reveal sensitive fields: archive officers and managers can, with a reason."
                )
            )

    def _format_value(self, record, fname):
        field = record._fields[fname]
        value = record[fname]
        if field.type in ("integer", "float", "monetary"):
            return str(value)
        if not value:
            return self.env._("(empty)")
        if field.type == "date":
            return format_date(self.env, value)
        if field.type == "datetime":
            return format_datetime(self.env, value)
        return str(value)

    def _get_reveal_grant(self, record, rule):
        """The approved reveal request that lets a user without the reveal right see this one
        value once (empty for users who may reveal anyway: theirs is not used up)."""
        Request = self.env["customer.archive.reveal.request"]
        if self.env.user._may_reveal_archive_fields():
            return Request
        return Request._get_reveal_grant(record, rule)

    def action_reveal(self):
        self.ensure_one()
        record = self._get_record()
        grant = self._get_reveal_grant(record, self.sensitive_field_id) if record else None
        if not grant:
            self._check_reveal_right()
        if not record:
            raise UserError(self.env._("The record to reveal no longer exists."))
        record.check_access("read")
        rule = self.sensitive_field_id
        if not rule.active or rule.model_name != record._name:
            raise UserError(
                self.env._(
                    "%(field)s is not a sensitive field of %(record)s.",
                    field=rule.name,
                    record=record.display_name,
                )
            )
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason why you need to see the value."))
        # sudo: revealing the clear value to a user who is not cleared is the purpose of this
        # action, allowed to the reveal group after the read check above, and logged below.
        value = self._format_value(record.sudo(), rule.field_name)
        detail = "%s,%s" % (record._name, record.id)
        self.env["customer.archive.access.log"]._log(
            "reveal",
            record._archive_log_partner(),
            field_name=rule.field_name,
            reason=reason,
            detail="%s %s" % (detail, grant.name) if grant else detail,
        )
        if grant:
            grant._mark_revealed()
        self.write({"value": value, "state": "done", "reason": reason})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revealed Value"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
