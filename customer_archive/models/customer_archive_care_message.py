"""Care messages (客户关怀): the log of the greetings prepared and sent by e-mail."""

import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

CARE_STATES = [
    ("draft", "To Send"),
    ("queued", "Queued"),
    ("cancel", "Cancelled"),
]
# Most people named in a refusal; the preview lists them all.
MAX_NAMED_REFUSALS = 5


class CustomerArchiveCareMessage(models.Model):
    """One greeting to one person for one occasion on one day: prepared (to send), queued in
    Odoo's mail queue (the e-mail) and posted on the person's chatter. Users read the log; it is
    written only by the send flow, which checks the person, the consent and the opt-out first."""

    _name = "customer.archive.care.message"
    _description = "Care Message"
    _order = "occasion_date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    archive_id = fields.Many2one(
        "res.partner",
        string="Archive",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    occasion_id = fields.Many2one(
        "customer.archive.occasion",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    occasion_kind = fields.Selection(related="occasion_id.kind", string="Kind")
    occasion_date = fields.Date(string="Day", required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Sent By",
        readonly=True,
        index=True,
        help="The salesperson who sent the greeting (the author on the chatter).",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(CARE_STATES, required=True, default="draft", readonly=True, index=True)
    sent_date = fields.Datetime(string="Queued On", readonly=True)
    mail_message_id = fields.Many2one(
        "mail.message", string="Chatter Message", readonly=True, ondelete="set null"
    )
    mail_id = fields.Many2one("mail.mail", string="E-mail", readonly=True, ondelete="set null")
    delivery_state = fields.Selection(
        [
            ("outgoing", "Outgoing"),
            ("sent", "Sent"),
            ("received", "Received"),
            ("exception", "Delivery Failed"),
            ("cancel", "Cancelled"),
        ],
        string="E-mail Status",
        compute="_compute_delivery_state",
        compute_sudo=True,  # the mail queue is not readable by salespeople
    )
    failure_reason = fields.Text(related="mail_id.failure_reason", compute_sudo=True)

    _sql_constraints = [
        (
            "partner_occasion_day_uniq",
            "unique(partner_id, occasion_id, occasion_date)",
            "This person already has this greeting for this day.",
        ),
    ]

    @api.depends("mail_id.state")
    def _compute_delivery_state(self):
        for message in self:
            message.delivery_state = message.mail_id.state or False

    # ------------------------------------------------------------------
    # Preparing and sending
    # ------------------------------------------------------------------
    @api.model
    def _check_can_greet(self, partners, occasion, day):
        """Raise unless the current user may greet every person of ``partners``: they can read
        them (record rules of the archives) and none is excluded (consent, opt-out, e-mail)."""
        partners = partners.with_env(self.env)
        partners.check_access("read")
        exclusions = partners._care_get_exclusions(occasion, day)
        if exclusions:
            names = [
                self.env._("%(name)s: %(reason)s", name=partner.display_name, reason=reason)
                for partner, reason in list(exclusions.items())[:MAX_NAMED_REFUSALS]
            ]
            raise UserError(
                self.env._(
                    "No greeting was sent: %(count)s of the contacts may not receive "
                    '"%(occasion)s".\n%(names)s',
                    count=len(exclusions),
                    occasion=occasion.name,
                    names="\n".join(names),
                )
            )

    @api.model
    def _prepare_care_vals(self, partner, occasion, day, user):
        """Values of the log row of one greeting (extension point)."""
        return {
            "partner_id": partner.id,
            "occasion_id": occasion.id,
            "occasion_date": day,
            "user_id": user.id,
            "company_id": (partner.commercial_partner_id.archive_company_id or self.env.company).id,
        }

    @api.model
    def _send_greetings(self, partners, occasion, day):
        """Queue ``occasion``'s greeting to ``partners`` as the current user; all or nothing."""
        if not partners:
            raise UserError(self.env._("There is nobody to greet."))
        self._check_can_greet(partners, occasion, day)
        # sudo: the log is written by this flow only, after the checks above
        messages = self.sudo().create(
            [self._prepare_care_vals(p, occasion, day, self.env.user) for p in partners]
        )
        messages._queue()
        return messages.with_env(self.env)

    def action_send(self):
        """Send greetings prepared by the scheduled action (preview mode)."""
        drafts = self.filtered(lambda m: m.state == "draft")
        if not drafts:
            raise UserError(self.env._("These greetings were already sent or cancelled."))
        for (occasion, day), group in drafts.grouped(
            lambda m: (m.occasion_id, m.occasion_date)
        ).items():
            # already prepared, so not "already greeted": check the rest as for a new greeting
            self.with_context(care_ignore_message_ids=group.ids)._check_can_greet(
                group.partner_id, occasion, day
            )
        # sudo: the checks above passed; the sender becomes the author on the chatter
        drafts.sudo().write({"user_id": self.env.user.id})
        drafts.sudo()._queue()
        return True

    def action_cancel(self):
        drafts = self.filtered(lambda m: m.state == "draft")
        if not drafts:
            raise UserError(self.env._("Only greetings to send can be cancelled."))
        drafts.partner_id.check_access("read")
        # sudo: the log is written by the send flow only; the user may read these contacts
        drafts.sudo().write({"state": "cancel"})
        return True

    def _get_email_from(self):
        """The sender address of the greetings: the company's, else the sender's (one record)."""
        self.ensure_one()
        email_from = self.company_id.email_formatted or self.user_id.email_formatted
        if not email_from:
            raise UserError(
                self.env._(
                    "Set an e-mail address on the company %(company)s to send greetings.",
                    company=self.company_id.name,
                )
            )
        return email_from

    def _queue(self):
        """Render each greeting in its person's language, post it on the person's chatter and
        queue its e-mail (mail.mail, sent by the mail queue's scheduled action)."""
        email_froms = {message.id: message._get_email_from() for message in self}
        posted = []
        for message in self:
            template = message.occasion_id.template_id
            rendered = template._generate_template(message.ids, ["subject", "body_html"])[
                message.id
            ]
            author = message.user_id or self.env.user
            mail_message = (
                message.partner_id.with_user(author)
                .sudo()
                .message_post(  # sudo: posting is part of sending, checked above
                    body=Markup(rendered.get("body_html") or ""),
                    subject=rendered.get("subject"),
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=message.partner_id.ids,
                    author_id=author.partner_id.id,
                    email_from=email_froms[message.id],
                    email_layout_xmlid="mail.mail_notification_light",
                    force_send=False,
                    mail_auto_delete=False,
                )
            )
            posted.append((message, mail_message))
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(  # sudo: link the queued e-mails to the log
                [("mail_message_id", "in", [m.id for _msg, m in posted])]
            )
        )
        mail_by_message = {mail.mail_message_id.id: mail for mail in mails}
        now = fields.Datetime.now()
        for message, mail_message in posted:
            message.write(
                {
                    "state": "queued",
                    "sent_date": now,
                    "mail_message_id": mail_message.id,
                    "mail_id": mail_by_message.get(mail_message.id, mails.browse()).id,
                }
            )
        _logger.info("customer_archive care: %s greetings queued", len(posted))
        return True

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_care_messages(self, day=None):
        """Daily: the day's birthday and holiday greetings, prepared for a salesperson to send
        (occasion in preview mode) or queued at once (automatic mode). People who may not be
        greeted are skipped; each person is greeted once per occasion and day."""
        # sudo: the scheduled action prepares the greetings of every archive of every company.
        self = self.sudo()
        day = day or fields.Date.context_today(self)
        Partner = self.env["res.partner"]
        prepared = self.browse()
        for occasion in self.env["customer.archive.occasion"].search([]):
            if occasion.kind == "holiday" and occasion._get_date(day.year) != day:
                continue
            people = Partner._care_get_candidates(occasion, day)
            exclusions = people._care_get_exclusions(occasion, day)
            people = people.filtered(lambda p, ex=exclusions: p not in ex)
            if not people:
                continue
            vals_list = []
            for person in people:
                user = person._get_responsible_user() or self.env.user
                vals_list.append(self._prepare_care_vals(person, occasion, day, user))
            messages = self.create(vals_list)
            if occasion.send_mode == "auto":
                messages._queue()
            prepared |= messages
        _logger.info("customer_archive care: %s greetings prepared for %s", len(prepared), day)
        return prepared
