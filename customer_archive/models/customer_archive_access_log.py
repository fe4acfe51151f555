import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

ACCESS_EVENTS = [
    ("open", "Opened"),
    ("reveal", "Revealed a Field"),
    ("export", "Exported"),
    ("import", "Imported"),
    ("print_request", "Print Requested"),
    ("print_approve", "Print Approved"),
    ("print_reject", "Print Rejected"),
    ("print", "Printed"),
    ("print_return", "Printed Copy Returned"),
    ("print_destroy", "Printed Copy Destroyed"),
    ("share", "Shared"),
    ("unshare", "Share Revoked"),
    ("offboard", "Reassigned (Offboarding)"),
    ("anonymise", "Anonymised"),
    ("subject_export", "Personal Data Exported"),
    ("subject_request", "Data Subject Request"),
    ("consent", "Consent Recorded"),
    ("contact_use", "Contacted (Call, SMS, E-mail)"),
]

# Above this many archives one event gets a single entry carrying the count (an export of
# 100,000 archives must not write 100,000 log rows inside the user's request).
LOG_DETAIL_LIMIT = 200


class CustomerArchiveAccessLog(models.Model):
    """Access log (访问日志) of the customer archives: who opened, revealed, exported, printed or
    shared which archive, when and from where. Append-only: entries are written by the addon
    through :meth:`_log` only; nobody, managers included, can create, change or delete them
    through the UI or RPC. The retention cron purges entries older than the company's setting."""

    _name = "customer.archive.access.log"
    _description = "Customer Archive Access Log"
    _order = "id desc"
    _rec_name = "event"

    user_id = fields.Many2one("res.users", readonly=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one("res.partner", string="Archive", readonly=True, index=True, ondelete="set null")
    partner_name = fields.Char(string="Archive Name", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    event = fields.Selection(ACCESS_EVENTS, required=True, readonly=True, index=True)
    field_name = fields.Char(string="Field", readonly=True, help="Technical name of the field concerned.")
    reason = fields.Text(readonly=True)
    detail = fields.Text(readonly=True)
    record_count = fields.Integer(string="Records", readonly=True, default=1)
    ip_address = fields.Char(string="IP Address", readonly=True)
    create_date = fields.Datetime(string="Date", readonly=True, index=True)

    # ------------------------------------------------------------------ writing
    @api.model
    def _get_request_ip(self):
        """The client IP of the current HTTP request, if any (cron and shell have none)."""
        try:
            return request.httprequest.remote_addr if request else False
        except RuntimeError:  # outside a request context
            return False

    @api.model
    def _prepare_log_vals(self, event, partner, **extra):
        """Values of one log entry; override to record more (e.g. a department)."""
        return {
            "user_id": self.env.uid,
            "partner_id": partner.id if partner else False,
            "partner_name": partner.display_name if partner else False,
            "company_id": (partner.company_id.id if partner and partner.company_id else self.env.company.id),
            "event": event,
            "field_name": extra.get("field_name") or False,
            "reason": extra.get("reason") or False,
            "detail": extra.get("detail") or False,
            "record_count": extra.get("record_count") or 1,
            "ip_address": self._get_request_ip(),
        }

    @api.model
    def _log(self, event, partners=None, field_name=None, reason=None, detail=None, record_count=None):
        """Append entries for ``event`` on ``partners`` (one per archive; one entry with the count
        above :data:`LOG_DETAIL_LIMIT` archives). The only way entries are written."""
        partners = partners if partners is not None else self.env["res.partner"]
        extra = {"field_name": field_name, "reason": reason, "detail": detail}
        if not partners or len(partners) > LOG_DETAIL_LIMIT:
            vals_list = [self._prepare_log_vals(
                event, partners[:1] if len(partners) == 1 else None,
                record_count=record_count or len(partners) or 1, **extra)]
        else:
            vals_list = [self._prepare_log_vals(event, partner, **extra) for partner in partners]
        # sudo: users have no create right on the log (they could forge entries over RPC); the
        # addon writes it on their behalf with their uid recorded in user_id.
        return self.sudo().with_context(customer_archive_log_write=True).create(vals_list)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("customer_archive_log_write"):
            raise UserError(self.env._("The access log is written by the system only."))
        return super().create(vals_list)

    # Append-only: never calls super().
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The access log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The access log cannot be deleted; old entries are purged by the retention schedule."))

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(self.env._("The access log cannot be copied."))

    # ------------------------------------------------------------------ retention
    @api.model
    def _cron_purge_access_log(self):
        """Delete entries older than each company's retention period (0 = keep forever).
        One DELETE per company; the ORM's unlink is closed to everybody on purpose."""
        companies = self.env["res.company"].sudo().search([("archive_log_retention_days", ">", 0)])
        total = 0
        for company in companies:
            self.env.cr.execute(SQL(
                """DELETE FROM customer_archive_access_log
                    WHERE company_id = %s AND create_date < (now() at time zone 'UTC') - make_interval(days => %s)""",
                company.id, company.archive_log_retention_days,
            ))
            total += self.env.cr.rowcount
        self.invalidate_model()
        _logger.info("customer_archive: purged %d access log entries", total)
        return total
