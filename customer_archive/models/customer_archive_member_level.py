from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerArchiveMemberLevel(models.Model):
    """A member level (会员等级): a band of loyalty points. An archive's level is the level
    with the highest minimum its points balance reaches (res_partner_member.py)."""

    _name = "customer.archive.member.level"
    _description = "Member Level"
    _order = "min_points, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    min_points = fields.Float(
        string="Minimum Points",
        required=True,
        default=0.0,
        help="An archive whose points balance reaches this minimum (and not the minimum of a "
        "higher level) has this level.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "min_points_uniq",
            "unique(min_points)",
            "Two member levels cannot start at the same points.",
        ),
    ]

    @api.constrains("min_points")
    def _check_min_points(self):
        for level in self:
            if level.min_points < 0:
                raise ValidationError(
                    self.env._(
                        "The member level %(level)s cannot start below 0 points (%(points)s).",
                        level=level.name,
                        points=level.min_points,
                    )
                )

    @api.model
    def _get_level_table(self):
        """The active levels as ``[(minimum points, level)]`` by descending minimum, read once
        for a whole batch of archives."""
        levels = self.search([], order="min_points desc, sequence, id")
        return [(level.min_points, level) for level in levels]

    @api.model
    def _level_for(self, table, points):
        """The level of ``points`` in ``table`` (:meth:`_get_level_table`), or an empty record."""
        for minimum, level in table:
            if points >= minimum:
                return level
        return self.browse()
