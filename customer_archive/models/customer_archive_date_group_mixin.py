import babel
from babel.dates import format_skeleton

from odoo import api, models
from odoo.tools.misc import get_lang

# Granularity -> CLDR skeleton: the language orders and words the parts itself ("2026年12月",
# "December 2026", "2026年第4季度"). Odoo labels groups with fixed patterns ("MMMM yyyy"), which
# read "十二月 2026" in Chinese.
DATE_GROUP_SKELETONS = {
    "day": "yMMMd",
    "month": "yMMMM",
    "quarter": "yQQQ",
}


class CustomerArchiveDateGroupMixin(models.AbstractModel):
    """Date groups (list and kanban headers, pivot and graph labels) named in the order and
    words of the user's language. Inherit it in a model grouped by day, month or quarter."""

    _name = "customer.archive.date.group.mixin"
    _description = "Customer Archive: Date Groups in the User's Language"

    @api.model
    def _get_date_group_skeletons(self):
        """Granularity -> CLDR skeleton of the label (extension point)."""
        return DATE_GROUP_SKELETONS

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        skeletons = self._get_date_group_skeletons()
        relabel = {}
        for group in lazy_groupby:
            fname, _sep, granularity = group.partition(":")
            field = self._fields.get(fname.split(".")[0])
            skeleton = skeletons.get(granularity or "month")
            if field and field.type in ("date", "datetime") and skeleton:
                # The group's value before it is replaced by its label: the first day of the
                # period, in the user's time zone for datetimes.
                relabel[group] = (skeleton, [row.get(group) for row in rows_dict])
        super()._read_group_format_result(rows_dict, lazy_groupby)
        if not relabel:
            return
        locale = babel.Locale.parse(get_lang(self.env).code)
        for group, (skeleton, values) in relabel.items():
            for row, value in zip(rows_dict, values):
                if value:
                    row[group] = format_skeleton(skeleton, value, locale=locale)
