from odoo import models

# Rendered texts a person reads. The addresses a mail is sent to (email_to, partner_to...) are
# rendered in clear: masking them would send the mail nowhere.
MASKED_RENDER_FIELDS = ("subject", "body", "body_html")
# Shorter values (a 2-letter street number...) would mask unrelated text of the mail.
MIN_MASKED_LENGTH = 4


class MailRenderMixin(models.AbstractModel):
    """Mail templates and the composer mask sensitive values for uncleared users: the rendered
    subject and body get the same masks as ``read()`` gives, for the rendered records and the
    partners they point to (``partner_id``...)."""

    _inherit = "mail.render.mixin"

    def _render_field(self, field, res_ids, *args, **kwargs):
        rendered = super()._render_field(field, res_ids, *args, **kwargs)
        if field in MASKED_RENDER_FIELDS and rendered and not self.env.su and self.render_model:
            replacements = self._archive_render_replacements(self.render_model, res_ids)
            if replacements:
                rendered = {
                    res_id: self._archive_apply_replacements(text, replacements)
                    for res_id, text in rendered.items()
                }
        return rendered

    def _archive_render_targets(self, model, res_ids):
        """Records whose sensitive values a template for ``res_ids`` may print: the records
        themselves and the partners of their many2one fields to res.partner. Extend to add more."""
        records = self.env[model].browse([rid for rid in res_ids or [] if rid]).exists()
        targets = [records]
        partners = self.env["res.partner"]
        for fname, field in records._fields.items():
            if field.type == "many2one" and field.comodel_name == "res.partner":
                # sudo: only to collect which partners are referenced; their values are masked
                partners |= records.sudo()[fname]
        if partners:
            targets.append(partners.with_env(self.env))
        return targets

    def _archive_render_replacements(self, model, res_ids):
        """{real text: masked text} of the sensitive values of the rendering's records."""
        replacements = {}
        for records in self._archive_render_targets(model, res_ids):
            rules = (
                records._archive_masked_fields()
                if records and hasattr(records, "_archive_masked_fields")
                else {}
            )
            if not rules:
                continue
            in_scope = set()
            for rule in rules.values():
                in_scope |= records._archive_ids_in_rule_scope(rule)
            records = records.filtered(lambda r, ids=in_scope: r.id in ids)
            if not records:  # nothing of an archive in this rendering: no value to look for
                continue
            fnames = list(rules)
            # sudo: the real values, to find them in the rendered text and replace them
            real_rows = records.sudo().read(fnames, load=None)
            masked_rows = records._archive_mask_rows([dict(row) for row in real_rows], rules)
            for real, masked in zip(real_rows, masked_rows):
                for fname in fnames:
                    value, mask = real.get(fname), masked.get(fname)
                    if value in (False, None) or value == mask:
                        continue
                    text = str(value)
                    mask = str(mask or "")
                    # one value may stand in several fields (a field and the fields derived
                    # from it): keep its most telling mask (138****1234 rather than ***)
                    if len(text) >= MIN_MASKED_LENGTH and len(mask) > len(
                        replacements.get(text, "")
                    ):
                        replacements[text] = mask
        return replacements

    def _archive_apply_replacements(self, text, replacements):
        if not text:
            return text
        for real in sorted(replacements, key=len, reverse=True):
            if real in text:
                text = text.replace(real, replacements[real])
        return text
