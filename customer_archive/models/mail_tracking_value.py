from odoo import models

from .customer_archive_sensitive_field import mask_value


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _tracking_value_format_model(self, model):
        """Chatter: the old and new values of a tracked sensitive field (birthday, annual
        turnover...) are masked like the field itself for users who are not cleared."""
        formatted = super()._tracking_value_format_model(model)
        # the chatter formats the trackings as superuser (sudo): mask for the real user
        Model = self.env(su=False)[model] if model and model in self.env else None
        masked = Model._archive_masked_fields() if hasattr(Model, "_archive_masked_fields") else {}
        if not masked or not formatted:
            return formatted
        trackings = {tracking.id: tracking for tracking in self}
        # sudo: only the res_id of the message is read, to apply the field's scope
        res_ids = {tracking.id: tracking.sudo().mail_message_id.res_id for tracking in self}
        records = self.env[model].browse(set(res_ids.values()))
        # only the masked fields these trackings show, one scope test per set of sources
        # (a message usually tracks a few fields; most of the model's masked fields are absent)
        shown = {info["fieldName"] for info in formatted} & masked.keys()
        scopes, in_scope = {}, {}
        for fname in shown:
            rule = masked[fname]
            if rule.sources not in scopes:
                scopes[rule.sources] = records._archive_ids_in_rule_scope(rule)
            in_scope[fname] = scopes[rule.sources]
        for info in formatted:
            rule = masked.get(info["fieldName"])
            if not rule or info["id"] not in trackings:
                continue
            if res_ids[info["id"]] not in in_scope[info["fieldName"]]:
                continue
            ftype = self.env[model]._fields[info["fieldName"]].type
            for key in ("oldValue", "newValue"):
                info[key]["value"] = mask_value(info[key]["value"], rule.style, ftype)
            info["fieldType"] = "char"
        return formatted
