import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# channel: (URL scheme, fields tried in order)
CONTACT_CHANNELS = {
    "call": ("tel", ("mobile", "phone")),
    "sms": ("sms", ("mobile",)),
    "email": ("mailto", ("email",)),
}


class ResPartner(models.Model):
    """One-tap calls, text messages and e-mails (一键拨号) for the owners of an archive.

    The salesperson (``user_id``) and the keeper (``keeper_id``) of an archive read its masked
    phone numbers and e-mails like everybody else (``139****2087``), and use them through these
    actions: each checks the ownership on the server, writes a ``contact_use`` entry in the
    access log and returns a ``tel:`` / ``sms:`` / ``mailto:`` URL built from the clear value,
    which the browser opens (the phone's dialer, messages or mail application). Nobody else
    gets a URL built from a clear value here."""

    _inherit = "res.partner"

    archive_contact_owner = fields.Boolean(
        compute="_compute_archive_contact_owner",
        string="Owner of the Archive",
        help="The current user is the salesperson or the keeper of this partner's archive: "
        "they may call, text or e-mail it from the archive (each use is logged).",
    )

    @api.depends_context("uid")
    @api.depends("archive_root_id.user_id", "archive_root_id.keeper_id")
    def _compute_archive_contact_owner(self):
        uid = self.env.uid
        for partner in self:
            # sudo: whether the user owns the archive is decided on its salesperson and keeper;
            # the answer (a boolean) discloses nothing the user may not read.
            root = partner.sudo().archive_root_id
            partner.archive_contact_owner = bool(root) and uid in (
                root.user_id.id,
                root.keeper_id.id,
            )

    @api.model
    def _get_contact_use_channels(self):
        """{channel: (URL scheme, res.partner fields tried in order)}. Extend to add one."""
        return CONTACT_CHANNELS

    def _check_archive_contact_owner(self):
        """Raise unless the current user is the salesperson or keeper of the archive of every
        partner of ``self`` (and may read them)."""
        self.check_access("read")
        strangers = self.filtered(lambda p: not p.archive_contact_owner)
        if strangers:
            raise AccessError(
                self.env._(
                    "Only the salesperson or the keeper of an archive may call, text or e-mail "
                    "%(names)s from it. Ask an archive officer, or request a reveal with a reason.",
                    names=", ".join(strangers.mapped("display_name")),
                )
            )

    @api.model
    def _format_contact_url(self, scheme, value):
        """The URL opened on the user's device: digits and a leading + of a number (spaces,
        dashes and brackets dropped), the address of an e-mail."""
        value = (value or "").strip()
        if scheme in ("tel", "sms"):
            value = re.sub(r"(?!^\+)[^\d]", "", value)
        return "%s:%s" % (scheme, value)

    def _archive_contact_use(self, channel):
        """Check, log and return the client action opening ``channel`` for this partner."""
        self.ensure_one()
        channels = self._get_contact_use_channels()
        if channel not in channels:
            raise UserError(self.env._("Unknown contact channel %(channel)s.", channel=channel))
        self._check_archive_contact_owner()
        scheme, fnames = channels[channel]
        # sudo: the owner uses the clear value through this action only; it leaves the server
        # in the URL below, after the ownership check, and the use is logged.
        clear = self.sudo()
        fname = next((name for name in fnames if clear[name]), None)
        if not fname:
            raise UserError(
                self.env._(
                    "%(name)s has no %(field)s.",
                    name=self.display_name,
                    field=self._fields[fnames[0]]._description_string(self.env),
                )
            )
        self.env["customer.archive.access.log"]._log(
            "contact_use",
            self._archive_log_partner(),
            field_name=fname,
            detail="%s: %s" % (channel, self.display_name),
        )
        return {
            "type": "ir.actions.client",
            "tag": "customer_archive_open_contact_url",
            "params": {"url": self._format_contact_url(scheme, clear[fname])},
        }

    def action_archive_call(self):
        """Call the mobile (else the phone) of this archive or contact."""
        return self._archive_contact_use("call")

    def action_archive_sms(self):
        """Text the mobile of this archive or contact."""
        return self._archive_contact_use("sms")

    def action_archive_email(self):
        """Write an e-mail to this archive or contact."""
        return self._archive_contact_use("email")
