from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_archive_print_job import DEFAULT_THRESHOLD, THRESHOLD_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_log_retention_days = fields.Integer(
        related="company_id.archive_log_retention_days", readonly=False
    )
    archive_print_background_threshold = fields.Integer(
        string="Print in the background above",
        config_parameter=THRESHOLD_PARAM,
        default=DEFAULT_THRESHOLD,
        help="Printing more archive cards than this at once runs in the background: the "
        "requester finds a link to the file in the Inbox when it is ready.",
    )

    @api.constrains("archive_print_background_threshold")
    def _check_print_background_threshold(self):
        for settings in self:
            if settings.archive_print_background_threshold < 1:
                raise ValidationError(
                    self.env._(
                        "Printing in the background starts above at least 1 archive card "
                        "(%(value)s given).",
                        value=settings.archive_print_background_threshold,
                    )
                )
