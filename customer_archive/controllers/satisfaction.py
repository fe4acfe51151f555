"""The customer's satisfaction link (客户满意度): /customer_archive/rate/<token>, without login.

Odoo's /rate/<token>/<rate> takes 1, 3 or 5 only; this page offers the five scores and a comment.
A link is answered once and expires (Settings, *Satisfaction Link Valid (days)*); a used, expired
or unknown link, and a score outside 1 to 5, get a page in the customer's language and change
nothing.
"""

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools.misc import get_lang


class CustomerArchiveSatisfaction(http.Controller):
    def _get_rating(self, token):
        # sudo: a visitor without login is identified by the link's token only
        return (
            request.env["rating.rating"]
            .sudo()
            .search([("access_token", "=", token), ("archive_id", "!=", False)], limit=1)
        )

    def _lang_env(self, rating):
        lang = (rating and rating.partner_id.lang) or get_lang(request.env).code
        return request.env(context=dict(request.env.context, lang=lang))

    def _render(self, env, template, values, status=200):
        html = env["ir.ui.view"]._render_template(template, values)
        return request.make_response(
            html, headers=[("Content-Type", "text/html; charset=utf-8")], status=status
        )

    def _message(self, env, title, message, status):
        return self._render(
            env,
            "customer_archive.satisfaction_page_message",
            {"title": title, "message": message, "web_base_url": request.httprequest.host_url},
            status=status,
        )

    def _refuse(self, env, rating):
        """The page refusing an unknown, used or expired link (None when the link is open)."""
        if not rating:
            return self._message(
                env, env._("Link not valid"), env._("This satisfaction link is not valid."), 404
            )
        try:
            rating.with_env(env)._satisfaction_check_open()
        except UserError as error:
            return self._message(env, env._("Link no longer valid"), error.args[0], 410)
        return None

    @http.route(
        "/customer_archive/rate/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def satisfaction_form(self, token, **kwargs):
        rating = self._get_rating(token)
        env = self._lang_env(rating)
        refused = self._refuse(env, rating)
        if refused:
            return refused
        return self._render(
            env,
            "customer_archive.satisfaction_page_form",
            {
                "rating": rating,
                "token": token,
                "company": rating.archive_id.archive_company_id or env.company,
            },
        )

    @http.route(
        "/customer_archive/rate/<string:token>/submit",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def satisfaction_submit(self, token, rate=None, feedback=None, **kwargs):
        rating = self._get_rating(token)
        env = self._lang_env(rating)
        refused = self._refuse(env, rating)
        if refused:
            return refused
        # sudo: the customer has no rights; the token designates this record's rating only
        record = env[rating.res_model].sudo().browse(rating.res_id)
        try:
            with env.cr.savepoint():
                record._satisfaction_apply_link(rating.with_env(record.env), rate, feedback)
        except UserError as error:
            return self._message(env, env._("Score not valid"), error.args[0], 400)
        return self._message(
            env,
            env._("Thank you!"),
            env._("Thank you for your feedback: your score has been recorded."),
            200,
        )
