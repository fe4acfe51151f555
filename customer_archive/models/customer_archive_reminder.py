import logging

from markupsafe import escape

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

REMINDER_KINDS = [
    ("visit_due", "Visit Due"),
    ("visit", "Planned Visit"),
    ("birthday", "Birthday"),
    ("review", "Archive Review"),
    ("pool_warning", "Public Pool Warning"),
]


class CustomerArchiveReminder(models.Model):
    """One row per reminder sent: its key makes every scheduled action idempotent (a reminder
    with the same key is never created twice, even when its activity was done or deleted)."""

    _name = "customer.archive.reminder"
    _description = "Customer Archive Reminder"
    _order = "id desc"
    _rec_name = "key"

    key = fields.Char(required=True, readonly=True, index=True)
    kind = fields.Selection(REMINDER_KINDS, required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index=True,
                                 ondelete="cascade")
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", readonly=True)
    date = fields.Date(string="Due On", readonly=True)
    user_id = fields.Many2one("res.users", string="Reminded User", readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    _sql_constraints = [
        ("key_uniq", "unique(key)", "This reminder was already sent."),
    ]

    @api.model
    def _prepare_activity_vals(self, item):
        """Activity of one reminder item (extension point)."""
        activity_type = self.env.ref(item["activity_type"], raise_if_not_found=False) \
            or self.env.ref("mail.mail_activity_data_todo")
        record = item["record"]
        return {
            "res_model_id": self.env["ir.model"]._get_id(record._name),
            "res_id": record.id,
            "activity_type_id": activity_type.id,
            "summary": item["summary"],
            "note": escape(item.get("note") or ""),
            "user_id": item["user"].id,
            "date_deadline": item["date"],
        }

    @api.model
    def _create_reminders(self, items):
        """Create the activities of ``items`` whose key was never used, and their rows.

        ``items``: dicts with key, kind, record, partner, user, date, activity_type (xml id),
        summary, note. One search for the known keys, one create of activities, one of rows."""
        items = [item for item in items if item.get("user")]
        if not items:
            return self.env["mail.activity"]
        # sudo: reminders are written by the scheduled actions for every user.
        Reminder = self.sudo()
        known = set(Reminder.search([("key", "in", [i["key"] for i in items])]).mapped("key"))
        fresh, seen = [], set()
        for item in items:
            if item["key"] not in known and item["key"] not in seen:
                seen.add(item["key"])
                fresh.append(item)
        if not fresh:
            return self.env["mail.activity"]
        # sudo: reminders are activities for other users, written by the crons
        activities = self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create([self._prepare_activity_vals(item) for item in fresh])
        Reminder.create([
            {
                "key": item["key"],
                "kind": item["kind"],
                "partner_id": item["partner"].id,
                "res_model": item["record"]._name,
                "res_id": item["record"].id,
                "date": item["date"],
                "user_id": item["user"].id,
                "company_id": (item["partner"].commercial_partner_id.archive_company_id
                               or self.env.company).id,
                "activity_id": activity.id,
            }
            for item, activity in zip(fresh, activities)
        ])
        return activities
