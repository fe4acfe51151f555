from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .res_users_archive_role import GROUP_USER

SHARE_MODES = [("read", "Read Only"), ("write", "Read and Write")]


class CustomerArchiveShare(models.Model):
    """An archive shared with one user (档案授权): read only or read-write, until an expiry date.
    Created by the archive's salesperson or keeper, an archive officer or manager; every share and
    revocation is written to the access log. An expired share gives nothing."""

    _name = "customer.archive.share"
    _description = "Customer Archive Share"
    _order = "partner_id, user_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Archive",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_customer_archive', '=', True)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Shared With",
        required=True,
        index=True,
        ondelete="cascade",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref(GROUP_USER).ids),
        ],
    )
    mode = fields.Selection(SHARE_MODES, string="Access", required=True, default="read")
    date_expiry = fields.Date(
        string="Expires On",
        help="Last day of the share; empty: until revoked.",
    )
    note = fields.Char(string="Reason")
    company_id = fields.Many2one(
        "res.company",
        related="partner_id.archive_company_id",
        store=True,
        index=True,
        string="Company",
    )
    shared_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        default=lambda self: self.env.user,
    )
    is_expired = fields.Boolean(compute="_compute_is_expired", string="Expired")

    _sql_constraints = [
        (
            "partner_user_uniq",
            "unique(partner_id, user_id)",
            "The archive is already shared with this user: change the existing share.",
        ),
    ]

    @api.depends("date_expiry")
    @api.depends_context("tz")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for share in self:
            share.is_expired = bool(share.date_expiry and share.date_expiry < today)

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.constrains("partner_id", "user_id")
    def _check_share_target(self):
        group = self.env.ref(GROUP_USER)
        for share in self:
            if not share.partner_id.is_customer_archive:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a customer archive: only archives can be shared.",
                        partner=share.partner_id.display_name,
                    )
                )
            if share.partner_id.confidentiality_level == "secret":
                raise ValidationError(
                    self.env._(
                        "%(partner)s is secret: a secret archive cannot be shared.",
                        partner=share.partner_id.display_name,
                    )
                )
            if share.user_id.share or group not in share.user_id.groups_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not an archive user: archives can be shared with archive users only.",
                        user=share.user_id.display_name,
                    )
                )

    def _check_can_share(self, partners):
        """The current user may share ``partners``: their salesperson or keeper, or an archive
        officer or manager who can edit them."""
        if self.env.su:
            return
        user = self.env.user
        partners.check_access("write")
        if user._is_archive_officer():
            return
        refused = partners.filtered(lambda p: user not in (p.user_id | p.keeper_id))
        if refused:
            raise AccessError(
                self.env._(
                    "Only the salesperson or keeper of %(partner)s, or an archive officer, can share it.",
                    partner=refused[0].display_name,
                )
            )

    # ------------------------------------------------------------------
    # CRUD (each change is logged)
    # ------------------------------------------------------------------
    def _share_detail(self):
        self.ensure_one()
        modes = dict(self._fields["mode"]._description_selection(self.env))
        return self.env._(
            "%(user)s: %(mode)s until %(date)s",
            user=self.user_id.display_name,
            mode=modes[self.mode],
            date=fields.Date.to_string(self.date_expiry) if self.date_expiry else "-",
        )

    def _log_share(self, event):
        Log = self.env["customer.archive.access.log"]
        for share in self:
            Log._log(event, share.partner_id, detail=share._share_detail())

    @api.model_create_multi
    def create(self, vals_list):
        partners = self.env["res.partner"].browse(
            [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
        )
        self._check_can_share(partners)
        shares = super().create(vals_list)
        shares._log_share("share")
        return shares

    def write(self, vals):
        self._check_can_share(self.partner_id)
        if "partner_id" in vals:
            self._check_can_share(self.env["res.partner"].browse(vals["partner_id"]))
        result = super().write(vals)
        self._log_share("share")
        return result

    def unlink(self):
        self._check_can_share(self.partner_id)
        self._log_share("unshare")
        return super().unlink()
