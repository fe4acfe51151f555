from random import randint

from odoo import fields, models


class CustomerArchiveHobby(models.Model):
    """Hobby tags of person archives (爱好)."""

    _name = "customer.archive.hobby"
    _description = "Hobby"
    _order = "name"

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=_default_color)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A hobby with this name already exists."),
    ]
