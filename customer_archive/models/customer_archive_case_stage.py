from odoo import fields, models


class CustomerArchiveCaseStage(models.Model):
    """A column of the service case kanban; a closed stage ends the case (it needs a
    resolution and stamps the case's closing date)."""

    _name = "customer.archive.case.stage"
    _description = "Service Case Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    is_closed = fields.Boolean(
        string="Closed Stage",
        help="Cases in this stage are resolved: they need a resolution, count as closed and "
        "are never overdue.",
    )
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
