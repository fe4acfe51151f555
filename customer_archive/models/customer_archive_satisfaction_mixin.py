"""Customer satisfaction (客户满意度) on any record about a customer archive.

A model inherits ``customer.archive.satisfaction.mixin`` (after its own ``mail.thread``) and, where
the defaults do not fit, overrides the small methods below: :meth:`_satisfaction_ready` (may this
record be rated now?), :meth:`_satisfaction_archive` (the archive it is about) and
:meth:`_satisfaction_recipient` (who receives the survey). The scores are Odoo's ``rating.rating``
records (rating module), 1 to 5, carrying the archive (``archive_id``): entered by the salesperson
(:meth:`action_satisfaction_rate`) or given by the customer through the link of the survey e-mail
(:meth:`action_satisfaction_send`, controllers/satisfaction.py), once, before the link expires.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html


class CustomerArchiveSatisfactionMixin(models.AbstractModel):
    _name = "customer.archive.satisfaction.mixin"
    _description = "Customer Archive: Satisfaction"
    _inherit = ["rating.mixin"]

    satisfaction_score = fields.Integer(
        string="Satisfaction",
        compute="_compute_satisfaction",
        help="The last satisfaction score given (1 to 5); 0: not rated yet.",
    )
    satisfaction_feedback = fields.Text(
        string="Satisfaction Comment", compute="_compute_satisfaction"
    )
    satisfaction_source = fields.Selection(
        [("manual", "Entered by the Salesperson"), ("link", "Given by the Customer")],
        string="Satisfaction Given Through",
        compute="_compute_satisfaction",
    )
    satisfaction_ready = fields.Boolean(
        string="Can Be Rated",
        compute="_compute_satisfaction",
    )

    # ------------------------------------------------------------------
    # Extension points
    # ------------------------------------------------------------------
    def _satisfaction_ready(self):
        """Whether a satisfaction score may be given for this record now (override: a visit
        when it is done, a case when it is closed...)."""
        self.ensure_one()
        return True

    def _satisfaction_archive(self):
        """The customer archive this record is about (its commercial partner by default)."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id

    def _satisfaction_recipient(self):
        """Who receives the satisfaction survey: the archive's main contact with an e-mail,
        else the archive itself, else its first contact with an e-mail (extend to prefer
        the people the record names)."""
        self.ensure_one()
        archive = self._satisfaction_archive()
        # sudo: pick the address the survey goes to; nothing of it is shown to the user
        contacts = archive.sudo().child_ids.filtered(lambda c: c.email and c.type == "contact")
        main = contacts.filtered("is_main_contact")[:1]
        if main:
            return main.with_env(self.env)
        if archive.sudo().email:  # sudo: only whether the archive has an address
            return archive
        return contacts[:1].with_env(self.env)

    def _satisfaction_mail_template(self):
        """The template of the survey e-mail (on rating.rating, so that one serves every model)."""
        return self.env.ref("customer_archive.mail_template_satisfaction_survey")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("rating_ids.rating", "rating_ids.consumed")
    def _compute_satisfaction(self):
        last = {}
        if self.ids:
            # sudo: the score of a record the user reads, whatever the archive's visibility rules
            ratings = (
                self.env["rating.rating"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", self.ids),
                        ("archive_id", "!=", False),
                        ("consumed", "=", True),
                    ],
                    order="satisfaction_date desc, id desc",
                )
            )
            for rating in ratings:
                last.setdefault(rating.res_id, rating)
        for record in self:
            rating = last.get(record.id)
            record.satisfaction_score = int(rating.rating) if rating else 0
            record.satisfaction_feedback = rating.feedback if rating else False
            record.satisfaction_source = rating.satisfaction_source if rating else False
            record.satisfaction_ready = bool(record.id) and record._satisfaction_ready()

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _satisfaction_document_name(self):
        return self.env["ir.model"]._get(self._name).name

    def _satisfaction_check_ready(self):
        for record in self:
            if not record._satisfaction_ready():
                raise UserError(
                    self.env._(
                        "%(document)s %(name)s cannot be rated yet: it must be finished first.",
                        document=record._satisfaction_document_name(),
                        name=record.display_name,
                    )
                )

    def _satisfaction_prepare_rating_vals(self, partner, source):
        """Values of the rating.rating of this record for ``partner`` (extension point)."""
        self.ensure_one()
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "partner_id": partner.id,
            "rated_partner_id": self._rating_get_operator().id,
            "archive_id": self._satisfaction_archive().id,
            "satisfaction_source": source,
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_satisfaction_rate(self, score, feedback=False):
        """The salesperson records the customer's score (1 to 5) and comment."""
        self.ensure_one()
        self.check_access("write")
        self._satisfaction_check_ready()
        Rating = self.env["rating.rating"]
        score = Rating._satisfaction_check_score(score)
        vals = self._satisfaction_prepare_rating_vals(self._satisfaction_archive(), "manual")
        vals.update(
            rating=score,
            feedback=feedback or False,
            consumed=True,
            satisfaction_date=fields.Datetime.now(),
        )
        # sudo: rating.rating follows the archive's rules; the user's write access to this
        # record was checked above
        rating = Rating.sudo().create(vals)
        body = self.env._("Satisfaction %(score)s / 5 recorded.", score=score)
        body = Markup("<p>%s</p>") % body
        if feedback:
            body += plaintext2html(feedback)
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return rating.with_env(self.env)

    def action_satisfaction_open_wizard(self):
        self.ensure_one()
        self._satisfaction_check_ready()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rate Satisfaction"),
            "res_model": "customer.archive.satisfaction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    def action_satisfaction_send(self):
        """E-mail the customer a link to give a score (1 to 5) and a comment, without login."""
        self.check_access("write")
        self._satisfaction_check_ready()
        template = self._satisfaction_mail_template()
        Rating = self.env["rating.rating"]
        for record in self:
            partner = record._satisfaction_recipient()
            if not partner or not partner.sudo().email:  # sudo: whether an address exists
                raise UserError(
                    self.env._(
                        "%(name)s: the customer has no contact with an e-mail address to send "
                        "the satisfaction survey to.",
                        name=record.display_name,
                    )
                )
            vals = record._satisfaction_prepare_rating_vals(partner, "link")
            company = record._satisfaction_archive().archive_company_id or self.env.company
            vals["satisfaction_expires_on"] = Rating._satisfaction_link_deadline(company)
            # sudo: the token record of the survey; access to the record was checked above
            rating = Rating.sudo().create(vals)
            # sudo: renders the customer's e-mail in the customer's language and queues it
            template.sudo().send_mail(
                rating.id, force_send=False, email_layout_xmlid="mail.mail_notification_light"
            )
            record.message_post(
                body=self.env._(
                    "Satisfaction survey sent to %(partner)s.", partner=partner.display_name
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _satisfaction_apply_link(self, rating, score, feedback=False):
        """The customer's answer through the link: once, before the link expires, 1 to 5."""
        self.ensure_one()
        score = rating._satisfaction_check_score(score)
        rating._satisfaction_check_open()
        return self.rating_apply(score, rating=rating, feedback=feedback)

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """An archive rating is answered once, before its link expires, with 1 to 5, whatever
        the route (Odoo's own /rate pages included)."""
        if token and not rating:
            # sudo: find the rating the customer's token designates
            rating = (
                self.env["rating.rating"].sudo().search([("access_token", "=", token)], limit=1)
            )
            token = None
        if rating and rating.archive_id:
            rate = rating._satisfaction_check_score(rate)
            rating._satisfaction_check_open()
        result = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if result.archive_id:
            # sudo: stamps the rating just applied (the customer has no rights of their own)
            result.sudo().satisfaction_date = fields.Datetime.now()
        return result
