"""Changes of the access log's own settings are access log entries (``setting``): turning off the
open log or shortening the retention (which purges entries the next night) leaves a trace in the
chain, with the old and new value (settings hold no personal data)."""

from odoo import models

AUDITED_SETTINGS = ("archive_log_open", "archive_log_retention_days")


class ResCompany(models.Model):
    _inherit = "res.company"

    def _get_archive_audited_settings(self):
        """Company fields whose changes are logged (override to add some)."""
        return AUDITED_SETTINGS

    def write(self, vals):
        fnames = [fname for fname in self._get_archive_audited_settings() if fname in vals]
        if not fnames:
            return super().write(vals)
        old = {company.id: {fname: company[fname] for fname in fnames} for company in self}
        result = super().write(vals)
        Log = self.env["customer.archive.access.log"]
        vals_list = []
        for company in self:
            changed = [fname for fname in fnames if company[fname] != old[company.id][fname]]
            if changed:
                detail = "; ".join(
                    f"{fname}: {old[company.id][fname]} -> {company[fname]}" for fname in changed
                )
                vals_list.append(
                    Log._prepare_log_vals(
                        "setting",
                        self.env["res.partner"],
                        company,
                        field_name=",".join(changed),
                        detail=detail,
                    )
                )
        if vals_list:
            Log._create_entries(vals_list, [[] for _vals in vals_list])
        return result
