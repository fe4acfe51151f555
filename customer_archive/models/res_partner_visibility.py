"""Who sees which customer archive (客户档案的可见范围).

Visibility is enforced by record rules on res.partner (security/customer_archive_visibility_rules.xml)
that only concern archives and their contacts: a partner is *protected* when it is an archive or a
contact of an archive (``archive_root_id``); every other partner stays as in stock Odoo. The rules
test the searchable fields ``archive_can_read`` / ``archive_can_write``, whose domains are built here
for the current user by :meth:`_get_archive_grant_domain` (the extension point), at query time:
shares that expire and company settings apply at once, without clearing any cache.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import index_exists

CONFIDENTIALITY_LEVELS = [
    ("public", "Public"),
    ("internal", "Internal"),
    ("confidential", "Confidential"),
    ("secret", "Secret"),
]
# The form view of the archive carries this field (invisible): a web_read whose specification
# holds it is the opening of an archive form, logged as ``open`` (see web_read).
OPEN_MARKER = "archive_form_marker"
# The reads that are no opening (a list, the reload after saving) carry this object in their
# context. Only server code holds it: a client's context is JSON and cannot carry it, so no
# client can skip the open log by sending a context key.
_NO_OPEN_LOG = object()


class ResPartner(models.Model):
    _inherit = "res.partner"

    confidentiality_level = fields.Selection(
        CONFIDENTIALITY_LEVELS,
        string="Confidentiality",
        default="internal",
        tracking=True,
        index=True,
        help="Secret: visible only to the archive keeper and the archive managers. The other "
        "levels follow the salesperson, keeper, shares and company rules.",
    )
    archive_root_id = fields.Many2one(
        "res.partner",
        string="Protected by Archive",
        compute="_compute_archive_root_id",
        store=True,
        index="btree_not_null",
        help="The customer archive whose visibility this partner follows: the partner itself "
        "when it is an archive, else its commercial partner when that is an archive.",
    )
    archive_share_ids = fields.One2many(
        "customer.archive.share", "partner_id", string="Shared With"
    )
    archive_can_read = fields.Boolean(
        compute="_compute_archive_access",
        search="_search_archive_can_read",
        string="Archive Visible to Me",
    )
    archive_can_write = fields.Boolean(
        compute="_compute_archive_access",
        search="_search_archive_can_write",
        string="Archive Editable by Me",
    )
    archive_open_log_count = fields.Integer(
        compute="_compute_archive_open_log_count",
        string="Seen By",
    )
    archive_form_marker = fields.Boolean(
        compute="_compute_archive_form_marker",
        string="Archive Form",
        help="Technical: present in the archive form only, to log its opening.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "is_customer_archive", "commercial_partner_id", "commercial_partner_id.is_customer_archive"
    )
    def _compute_archive_root_id(self):
        for partner in self:
            if partner.is_customer_archive:
                partner.archive_root_id = partner
            elif partner.commercial_partner_id.is_customer_archive:
                partner.archive_root_id = partner.commercial_partner_id
            else:
                partner.archive_root_id = False

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_archive_access(self):
        # Record rules are checked in Python on these fields (filtered_domain): archived
        # partners (OdooBot's, old contacts) must be found too. Partners that no archive protects
        # (plain contacts, users' partners) are accessible without a query, as in the domain.
        self = self.with_context(active_test=False)
        protected = self.filtered(lambda p: p.id and p.archive_root_id and p.partner_share)
        ids = protected.ids
        readable = writable = set(ids)
        if ids and self._get_archive_grant_domain("read") is not None:
            readable = set(self.search([("id", "in", ids), ("archive_can_read", "=", True)]).ids)
        if ids and self._get_archive_grant_domain("write") is not None:
            writable = set(self.search([("id", "in", ids), ("archive_can_write", "=", True)]).ids)
        for partner in self:
            shielded = partner in protected
            partner.archive_can_read = not shielded or partner.id in readable
            partner.archive_can_write = not shielded or partner.id in writable

    @api.depends_context("uid")
    def _compute_archive_open_log_count(self):
        Log = self.env["customer.archive.access.log"]
        counts = {}
        if Log.has_access("read") and self.ids:
            counts = dict(
                Log._read_group(
                    [("partner_id", "in", self.ids), ("event", "=", "open")],
                    ["partner_id"],
                    ["__count"],
                )
            )
            counts = {partner.id: count for partner, count in counts.items()}
        for partner in self:
            partner.archive_open_log_count = counts.get(partner.id, 0)

    def _compute_archive_form_marker(self):
        self.archive_form_marker = True

    # ------------------------------------------------------------------
    # Visibility domains (used by the record rules)
    # ------------------------------------------------------------------
    @api.model
    def _get_archive_share_domain(self, mode="read"):
        """Shares (customer.archive.share) that give the current user access in ``mode``."""
        today = fields.Date.context_today(self)
        domain = [
            ("user_id", "=", self.env.uid),
            "|",
            ("date_expiry", "=", False),
            ("date_expiry", ">=", today),
        ]
        if mode != "read":
            domain.append(("mode", "=", "write"))
        return domain

    @api.model
    def _get_archive_team_domain(self):
        """Archives whose salesperson is in one of the current user's sales teams, where the
        archive's company shows them to the team (setting *Sales Team Sees Team Archives*)."""
        # sudo: the user's own team memberships decide what they see; read them whatever the
        # rules on crm.team.member say.
        team_ids = self.env.user.sudo().crm_team_ids.ids
        if not team_ids:
            return expression.FALSE_DOMAIN
        return [
            ("archive_company_id.archive_team_visibility", "=", True),
            ("user_id.crm_team_ids", "in", team_ids),
        ]

    @api.model
    def _get_archive_grant_domain(self, mode="read"):
        """Domain on the archives (``is_customer_archive``) the current user may access in
        ``mode`` ("read" or "write"), or None for every archive (of the allowed companies, see
        the multi-company rule). Override to add grants."""
        user = self.env.user
        uid = user.id
        role = user._archive_role()
        if user.share or role == "manager":
            # Portal users are restricted by the stock portal rule (their own commercial partner).
            return None
        keeper = [("keeper_id", "=", uid)]
        not_secret = [("confidentiality_level", "!=", "secret")]
        if role == "officer":
            return expression.OR([keeper, not_secret])
        if role is None:
            # Internal users outside the archive groups: only what they are responsible for.
            return expression.OR([keeper, expression.AND([not_secret, [("user_id", "=", uid)]])])
        grants = [
            [("user_id", "=", uid)],
            [("archive_share_ids", "any", self._get_archive_share_domain(mode))],
            # The public pool (客户公海) is open to every salesperson (to claim a customer).
            [("in_public_pool", "=", True)],
        ]
        if mode == "read":
            grants.append(self._get_archive_team_domain())
        return expression.OR([keeper, expression.AND([not_secret, expression.OR(grants)])])

    @api.model
    def _get_archive_access_domain(self, mode="read"):
        """Domain on res.partner: partners that are no archive (nor contact of one), partners of
        internal users, and the protected partners whose archive the user may access."""
        grant = self._get_archive_grant_domain(mode)
        if grant is None:
            return expression.TRUE_DOMAIN
        # An archive is tested on its own row; only its contacts go through archive_root_id (a
        # sub-query PostgreSQL then evaluates only for contacts, not for every archive).
        return expression.OR(
            [
                [("archive_root_id", "=", False)],
                [("partner_share", "=", False)],
                expression.AND([[("is_customer_archive", "=", True)], grant]),
                expression.AND(
                    [[("is_customer_archive", "=", False)], [("archive_root_id", "any", grant)]]
                ),
            ]
        )

    def _search_archive_access(self, operator, value, mode):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._(
                    "Unsupported search on the archive access: %(op)s %(value)s",
                    op=operator,
                    value=value,
                )
            )
        domain = self._get_archive_access_domain(mode)
        positive = (operator == "=") == value
        return domain if positive else ["!", *expression.normalize_domain(domain)]

    def _search_archive_can_read(self, operator, value):
        return self._search_archive_access(operator, value, "read")

    def _search_archive_can_write(self, operator, value):
        return self._search_archive_access(operator, value, "write")

    # ------------------------------------------------------------------
    # Confidentiality level: who may set it
    # ------------------------------------------------------------------
    def _check_confidentiality_change(self, vals):
        """Only archive managers mark an archive secret or change a secret archive; archive
        officers may change the other levels; archive users keep the default."""
        if self.env.su or "confidentiality_level" not in vals:
            return
        user = self.env.user
        if user._is_archive_manager():
            return
        new = vals["confidentiality_level"]
        if new == "secret" or any(p.confidentiality_level == "secret" for p in self):
            raise AccessError(
                self.env._(
                    "Only an archive manager can make an archive secret or change a secret archive."
                )
            )
        if self and not user._is_archive_officer():
            changed = self.filtered(lambda p: p.confidentiality_level != new)
            if changed:
                raise AccessError(
                    self.env._(
                        "Only an archive officer or manager can change the confidentiality of %(partner)s.",
                        partner=changed[0].display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._check_confidentiality_change(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_confidentiality_change(vals)
        return super().write(vals)

    # Every column the record rules on archives test (this file's access domain, the company
    # rule on archive_company_id, stock's partner_share / company_id rule), for the archives
    # only. A salesperson's archive list counts the archives they may see (the web client
    # counts up to 10,001 rows): with this index PostgreSQL counts them in an index-only scan
    # instead of reading the whole partner rows, about twice as fast at 100,000 archives
    # (bench `list`). Keep the list in step with _get_archive_access_domain.
    _ARCHIVE_RULE_INDEX = "res_partner_customer_archive_rule_columns_idx"
    _ARCHIVE_RULE_COLUMNS = (
        "active",
        "is_customer_archive",
        "partner_share",
        "company_id",
        "archive_root_id",
        "archive_company_id",
        "keeper_id",
        "user_id",
        "confidentiality_level",
        "in_public_pool",
    )

    def init(self):
        super().init()
        if index_exists(self.env.cr, self._ARCHIVE_RULE_INDEX):
            return
        self.env.cr.execute(
            SQL(
                "CREATE INDEX %s ON res_partner (id) INCLUDE (%s) "
                "WHERE is_customer_archive AND active",
                SQL.identifier(self._ARCHIVE_RULE_INDEX),
                SQL(", ").join(SQL.identifier(column) for column in self._ARCHIVE_RULE_COLUMNS),
            )
        )

    # ------------------------------------------------------------------
    # Open log (who has seen this archive)
    # ------------------------------------------------------------------
    def _is_archive_open_logged(self):
        """Whether opening this archive's form is logged (company setting)."""
        self.ensure_one()
        company = self.archive_root_id.archive_company_id or self.env.company
        return company.archive_log_open

    def web_read(self, specification):
        result = super().web_read(specification)
        if (
            OPEN_MARKER in specification
            and self.env.context.get("customer_archive_no_open_log") is not _NO_OPEN_LOG
        ):
            self._log_archive_open()
        return result

    # Opening an archive form writes its ``open`` entry: the call needs a read/write transaction.
    # Odoo 18 runs methods marked ``@api.readonly`` on a read-only cursor (the web client's
    # call_kw looks for this attribute along the MRO); this override declares it is not one.
    web_read._readonly = False

    def _log_archive_open(self):
        """One ``open`` entry per partner read with the form (the web client reads one; a
        client asking for several gets each logged), for its archive."""
        opened = self.filtered(lambda p: p.archive_root_id and p._is_archive_open_logged())
        if not opened:
            return
        Log = self.env["customer.archive.access.log"]
        vals_list, partner_ids_list = [], []
        for partner in opened.sudo():  # sudo: the archive's name and company for the entry
            root = partner.archive_root_id
            # A contact by its id, not its name: the detail is hashed into the chain and could
            # not be anonymised later (PIPL); the copied archive name can.
            detail = f"res.partner: {partner.id}" if root != partner else None
            vals_list.append(
                Log._prepare_log_vals(
                    "open", root, root.company_id or self.env.company, detail=detail
                )
            )
            partner_ids_list.append(root.ids)
        Log._create_entries(vals_list, partner_ids_list)

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        # A list or kanban with a single row is no opening of the form.
        return super(
            ResPartner, self.with_context(customer_archive_no_open_log=_NO_OPEN_LOG)
        ).web_search_read(
            domain, specification, offset=offset, limit=limit, order=order, count_limit=count_limit
        )

    def web_save(self, vals, specification, next_id=None):
        # The form reads the record back after saving: that is no new opening.
        return super(
            ResPartner, self.with_context(customer_archive_no_open_log=_NO_OPEN_LOG)
        ).web_save(vals, specification, next_id=next_id)

    def action_view_archive_open_log(self):
        """Who has seen this archive (managers)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_access_log_action"
        )
        action.update(
            {
                "name": self.env._("Who Has Seen %(archive)s", archive=self.display_name),
                "domain": [("partner_id", "=", self.id)],
                "context": {"search_default_filter_open": 1},
            }
        )
        return action

    def action_open_archive_shares(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Shares of %(archive)s", archive=self.display_name),
            "res_model": "customer.archive.share",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.id)],
            "context": {"default_partner_id": self.id},
        }
