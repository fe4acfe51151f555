from odoo import fields, models

ARCHIVE_STAGES = [
    ("potential", "Potential"),
    ("active", "Active"),
    ("dormant", "Dormant"),
    ("lost", "Lost"),
]


class CustomerArchiveStatus(models.Model):
    """Archive status (档案状态). Each status belongs to a lifecycle stage, which the
    daily lifecycle action uses to move customers between statuses."""

    _name = "customer.archive.status"
    _inherit = ["customer.archive.type.mixin"]
    _description = "Archive Status"
    _order = "sequence, id"
    _archive_partner_field = "archive_status_id"

    name = fields.Char(required=True, translate=True)
    stage = fields.Selection(ARCHIVE_STAGES, required=True, default="potential")
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    def _get_default_for_stage(self, stage):
        """Return the first active status of ``stage`` (extension point)."""
        return self.search([("stage", "=", stage)], limit=1)
