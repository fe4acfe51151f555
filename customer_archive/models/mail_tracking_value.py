import copy

from odoo import models

from .customer_archive_sensitive_field import mask_value

SCOPE_KEY = "customer_archive_tracking_scope"


class TrackingScope:
    """The records in the masking scope of the tracked fields of a batch of chatter messages,
    tested once for the batch by ``mail.message._to_store`` (the chatter formats the trackings
    message by message). Only the server creates one: a context value of another type, e.g.
    sent by a client, is ignored and every message is tested on its own."""

    __slots__ = ("formatted", "in_scope", "res_ids", "tracking_ids")

    def __init__(self):
        self.in_scope = {}  # (model, rule sources) -> frozenset of ids in scope
        self.res_ids = {}  # model -> frozenset of the ids tested
        self.tracking_ids = {}  # model -> tuple of the batch's tracking value ids
        self.formatted = {}  # model -> {tracking id: (rank, formatted and masked value)}

    def get(self, model, sources, res_ids):
        """The ids in scope, or None when this batch did not test all of ``res_ids``."""
        tested = self.res_ids.get(model)
        if tested is None or (model, sources) not in self.in_scope or not res_ids <= tested:
            return None
        return self.in_scope[(model, sources)]


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def _archive_tracking_scope(self, messages):
        """A TrackingScope for the tracked values of ``messages`` that the current user may
        see masked, one scope test per model and set of sources for the whole batch."""
        scope = TrackingScope()
        # sudo: only which fields are tracked on which record (the masking decides what shows)
        trackings = messages.sudo().tracking_value_ids
        by_model, tracking_ids = {}, {}
        for tracking in trackings:
            model = tracking.field_id.model or tracking.mail_message_id.model
            tracking_ids.setdefault(model, []).append(tracking.id)
            if model:
                by_model.setdefault(model, [set(), set()])
                by_model[model][0].add(tracking.field_id.name)
                by_model[model][1].add(tracking.mail_message_id.res_id)
        scope.tracking_ids = {model: tuple(ids) for model, ids in tracking_ids.items()}
        for model, (fnames, res_ids) in by_model.items():
            if model not in self.env:
                continue
            Model = self.env(su=False)[model]
            if not hasattr(Model, "_archive_masked_fields"):
                continue
            masked = Model._archive_masked_fields()
            # sudo: as the per-message test (the trackings are read as superuser): the scope
            # test reads the records' classification, whatever the reader's record rules
            records = self.env[model].sudo().browse(res_ids)
            for fname in fnames & masked.keys():
                sources = masked[fname].sources
                if (model, sources) not in scope.in_scope:
                    scope.in_scope[(model, sources)] = frozenset(
                        records._archive_ids_in_rule_scope(masked[fname])
                    )
            scope.res_ids[model] = frozenset(res_ids)
        return scope

    def _tracking_value_format_model(self, model):
        """Chatter: the old and new values of a tracked sensitive field (birthday, annual
        turnover...) are masked like the field itself for users who are not cleared. In a page
        of messages (TrackingScope), the page's values of ``model`` are formatted and masked at
        once, and each message takes its own, in the order Odoo gives them."""
        batch = self.env.context.get(SCOPE_KEY)
        if not isinstance(batch, TrackingScope) or not self:
            return self._archive_format_masked(model)
        page = batch.tracking_ids.get(model, ())
        if not set(self.ids) <= set(page):
            return self._archive_format_masked(model)
        if model not in batch.formatted:
            everything = self.browse(page)._archive_format_masked(model)
            batch.formatted[model] = {
                info["id"]: (rank, info) for rank, info in enumerate(everything)
            }
        known = batch.formatted[model]
        return [copy.deepcopy(info) for _rank, info in sorted(known[tid] for tid in self.ids)]

    def _archive_format_masked(self, model):
        """Odoo's formatting of these tracked values, masked for the real user."""
        formatted = super()._tracking_value_format_model(model)
        # the chatter formats the trackings as superuser (sudo): mask for the real user
        Model = self.env(su=False)[model] if model and model in self.env else None
        masked = Model._archive_masked_fields() if hasattr(Model, "_archive_masked_fields") else {}
        if not masked or not formatted:
            return formatted
        # only the masked fields these trackings show (a message usually tracks a few fields;
        # most of the model's masked fields are absent)
        shown = {info["fieldName"] for info in formatted} & masked.keys()
        if not shown:
            return formatted
        trackings = {tracking.id: tracking for tracking in self}
        # sudo: only the res_id of the message is read, to apply the field's scope
        res_ids = {tracking.id: tracking.mail_message_id.res_id for tracking in self.sudo()}
        records = self.env[model].browse(set(res_ids.values()))
        batch = self.env.context.get(SCOPE_KEY)
        if not isinstance(batch, TrackingScope):
            batch = None
        # one scope test per set of sources, taken from the batch of messages when it tested
        # these records
        scopes, in_scope = {}, {}
        for fname in shown:
            rule = masked[fname]
            if rule.sources not in scopes:
                known = batch and batch.get(model, rule.sources, set(records.ids))
                scopes[rule.sources] = (
                    known if known is not None else records._archive_ids_in_rule_scope(rule)
                )
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


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _to_store(self, store, /, **kwargs):
        """The chatter's messages: their tracked values' masking scope is tested once for the
        batch (see TrackingScope), not once per message."""
        messages = self
        if kwargs.get("for_current_user") and len(self) > 1:
            scope = self.env["mail.tracking.value"]._archive_tracking_scope(self)
            messages = self.with_context(**{SCOPE_KEY: scope})
        return super(MailMessage, messages)._to_store(store, **kwargs)
