"""Care messages (客户关怀) on the person: who may be greeted, and why not."""

from datetime import date

from odoo import api, fields, models
from odoo.tools import format_date


def same_day_of_year(birthday, day):
    """True when ``birthday`` falls on ``day``'s month and day; a 29 February birthday is
    greeted on 28 February in non-leap years."""
    try:
        return birthday.replace(year=day.year) == day
    except ValueError:  # 29 February in a non-leap year
        return day == date(day.year, 2, 28)


class ResPartner(models.Model):
    _inherit = "res.partner"

    care_message_ids = fields.One2many(
        "customer.archive.care.message", "partner_id", string="Care Messages"
    )

    @api.model
    def _care_get_candidate_domain(self):
        """People of archives who could be greeted (extension point)."""
        return [
            ("is_company", "=", False),
            "|",
            ("is_customer_archive", "=", True),
            ("parent_id.is_customer_archive", "=", True),
        ]

    @api.model
    def _care_get_candidates(self, occasion, day):
        """The people the current user can read to greet for ``occasion`` on ``day``: for a
        birthday, those born on that day; for a holiday, everyone."""
        people = self.search(self._care_get_candidate_domain())
        if occasion.kind == "birthday":
            # sudo: birthdays may be masked for the user; only the match is used
            people = people.filtered(
                lambda p: p.sudo().birthday and same_day_of_year(p.sudo().birthday, day)
            )
        return people

    def _care_has_marketing_consent(self):
        """Ids of the people of ``self`` with a valid consent covering care messages."""
        # sudo: the consent register decides who may be greeted, whoever sends the greeting
        consents = (
            self.env["customer.archive.consent"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "=", "valid"),
                    ("care_messages", "=", True),
                ]
            )
        )
        return set(consents.partner_id.ids)

    def _care_get_exclusions(self, occasion, day):
        """{person: reason} for the people of ``self`` who may not receive ``occasion``'s
        greeting on ``day``; the others may."""
        env = self.env
        consented = self._care_has_marketing_consent()
        ignored = env.context.get("care_ignore_message_ids") or []
        # sudo: the log of every sender counts, to greet each person once
        greeted = set(
            env["customer.archive.care.message"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("occasion_id", "=", occasion.id),
                    ("occasion_date", "=", day),
                    ("state", "!=", "cancel"),
                    ("id", "not in", ignored),
                ]
            )
            .partner_id.ids
        )
        has_opt_out = "opt_out" in self._fields
        exclusions = {}
        # sudo: e-mail, birthday and blacklist may be masked for the user; only tested here
        for person in self.sudo():
            if person.is_company or not (
                person.is_customer_archive or person.parent_id.is_customer_archive
            ):
                reason = env._("not a person of a customer archive")
            elif person.pipl_anonymised:
                reason = env._("anonymised")
            elif not person.email:
                reason = env._("no e-mail address")
            elif person.is_blacklisted or (has_opt_out and person.opt_out):
                reason = env._("opted out of e-mails")
            elif person.id not in consented:
                reason = env._("no recorded consent to care messages")
            elif occasion.kind == "birthday" and not (
                person.birthday and same_day_of_year(person.birthday, day)
            ):
                reason = env._("the birthday is not on %(date)s", date=format_date(env, day))
            elif person.id in greeted:
                reason = env._("already greeted")
            else:
                continue
            exclusions[person.with_env(env)] = reason
        return exclusions

    @api.model
    def _get_birthday_reminder_items(self, today, days_by_company):
        """The birthday reminder tells the salesperson whether an e-mail greeting goes out on
        the day (Care Messages) or why not, so they can greet by phone or visit instead."""
        items = super()._get_birthday_reminder_items(today, days_by_company)
        occasion = self.env["customer.archive.occasion"].search(
            [("kind", "=", "birthday")], limit=1
        )
        if not occasion or not items:
            return items
        # one check per day and language of the reminded users
        groups = {}
        for item in items:
            env = item["user"]._get_lang_env(self.env)  # the reminded user's language
            item["_care_env"] = env
            key = (item["date"], env.lang)
            groups.setdefault(key, (env, self.browse()))
            groups[key] = (env, groups[key][1] | item["record"])
        exclusions = {}
        for (day, lang), (env, people) in groups.items():
            for person, reason in people.with_env(env)._care_get_exclusions(occasion, day).items():
                exclusions[(person.id, day, lang)] = reason
        for item in items:
            env = item.pop("_care_env")
            reason = exclusions.get((item["record"].id, item["date"], env.lang))
            extra = (
                env._("No birthday greeting by e-mail: %(reason)s.", reason=reason)
                if reason
                else env._("A birthday greeting by e-mail is prepared on the day (Care Messages).")
            )
            separator = (
                "" if (env.lang or "").startswith("zh") else " "
            )  # no space between Chinese sentences
            item["note"] = separator.join([item["note"], extra])
        return items
