from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _get_lang_env(self, env):
        """``env`` in the language and time zone of this user (one record or none), for what
        is written for them: the summary and note of an activity, a date, a chatter note.

        What one user writes for another (an activity) reads in the recipient's language, not in
        the writer's. Without a user, the language of ``env``, else of its user: a scheduled
        action runs with no language in its context, where ``self.env._()`` would answer in
        English and a record's name would be read in English in the middle of a Chinese
        sentence. Extend it to choose another language (a company's, for instance)."""
        user = self[:1]
        lang = user.lang or env.lang or env.user.lang or "en_US"
        tz = user.tz or env.context.get("tz") or env.user.tz
        if lang == env.lang and tz == env.context.get("tz"):
            return env
        return env(context=dict(env.context, lang=lang, tz=tz))
