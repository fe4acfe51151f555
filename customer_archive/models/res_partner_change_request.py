"""Controlled fields of archives (变更审批): in ``write``, the path of forms, RPC and import,
the changes of an archive user (not an archive officer) to the fields the company controls
are not written but become change requests (customer.archive.change.request); the other
fields of the same write apply at once. Approving a request writes its value with the
officer's rights, through the flow marker below."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models

from .customer_archive_sensitive_field import mask_value
from .res_partner_tier import TIER_ENGINE_FIELDS

# Marks the writes of the flows that decide themselves on a controlled field: an approved
# change request, the public pool's claim and release (its own rules govern the salesperson).
# An object, not a string: a client's context (RPC) cannot carry it.
CHANGE_FLOW = object()


class ResPartner(models.Model):
    _inherit = "res.partner"

    change_request_ids = fields.One2many(
        "customer.archive.change.request", "partner_id", string="Change Requests"
    )
    change_request_pending_count = fields.Integer(
        string="Pending Change Requests", compute="_compute_change_request_pending_count"
    )

    def _compute_change_request_pending_count(self):
        counts = dict(
            self.env["customer.archive.change.request"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "to_approve")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.change_request_pending_count = counts.get(partner, 0)

    # ------------------------------------------------------------------
    # Which writes go through a request
    # ------------------------------------------------------------------
    @api.model
    def _change_flow_marker(self):
        return CHANGE_FLOW

    def _change_requests_apply(self):
        """Whether the current user's changes of controlled fields become requests: archive
        officers, the superuser and the flows marked with CHANGE_FLOW write directly."""
        return not (
            self.env.su
            or self.env.context.get("customer_archive_change_flow") is CHANGE_FLOW
            or self.env.user._is_archive_officer()
        )

    def _get_change_controlled_fields(self):
        """Names of the controlled fields of this archive (one record); extension point."""
        self.ensure_one()
        if not self.is_customer_archive:
            return set()
        company = self.archive_company_id or self.company_id or self.env.company
        if not company.archive_change_approval:
            return set()
        # sudo: the company's setting, whatever the user may read of the company
        return set(company.sudo().archive_change_field_ids.mapped("name"))

    def _check_change_request_allowed(self, vals):
        """The user may change these fields of these archives at all (else the error of the
        refusal, and nothing changes)."""
        self.check_access("write")
        self.check_field_access_rights("write", list(vals))
        # the archive's invariants (a salesperson does not hand an archive to someone else)
        self._archive_check_assignment(vals)
        # tier fields are never written by a user, not even emptied (the manual tier goes
        # through "Set Tier Manually" and its own approval)
        self._check_tier_fields_writable({fname: True for fname in TIER_ENGINE_FIELDS & set(vals)})
        for fname, value in vals.items():
            field = self._fields[fname]
            if field.type not in ("one2many", "many2many") or not value:
                continue
            # the lines the commands create, change or delete (bank accounts...)
            Lines = self.env[field.comodel_name]
            for command in value:
                if command[0] == fields.Command.CREATE:
                    Lines.check_access("create")
                elif command[0] == fields.Command.UPDATE:
                    Lines.browse(command[1]).check_access("write")
                elif command[0] == fields.Command.DELETE and field.type == "one2many":
                    Lines.browse(command[1]).check_access("unlink")

    def write(self, vals):
        if not self or not self._change_requests_apply():
            return super().write(vals)
        if "credit_code" in vals:
            # the credit code is the tax ID: one controlled field (vat)
            vals = self._normalize_archive_vals(dict(vals), archive=True)
        by_fields = defaultdict(lambda: self.browse())
        for partner in self:
            by_fields[frozenset(partner._get_change_controlled_fields() & set(vals))] |= partner
        if list(by_fields) == [frozenset()]:
            return super().write(vals)
        for controlled, partners in by_fields.items():
            rest = {fname: value for fname, value in vals.items() if fname not in controlled}
            if controlled:
                partners._check_change_request_allowed({f: vals[f] for f in controlled})
                partners._create_change_requests({f: vals[f] for f in controlled})
            if rest:
                super(ResPartner, partners).write(rest)
        return True

    def _action_pool_write_marker(self):
        return self.with_context(customer_archive_change_flow=CHANGE_FLOW)

    def _release_to_pool(self, reason="manual"):
        # the pool's own rules decide on the salesperson (see CHANGE_FLOW)
        return super(ResPartner, self._action_pool_write_marker())._release_to_pool(reason=reason)

    def action_pool_claim(self):
        # the pool's own rules decide on the salesperson (see CHANGE_FLOW)
        return super(ResPartner, self._action_pool_write_marker()).action_pool_claim()

    # ------------------------------------------------------------------
    # Requests
    # ------------------------------------------------------------------
    def _prepare_change_request_vals(self, fname, new_raw, reason=False, source="user"):
        """Values of one change request of this archive (one record)."""
        self.ensure_one()
        return {
            "partner_id": self.id,
            "company_id": (self.archive_company_id or self.company_id or self.env.company).id,
            "field_id": self.env["ir.model.fields"]._get(self._name, fname).id,
            "old_value": self._change_raw_value(self, fname),
            "new_value": new_raw,
            "requester_id": self.env.uid,
            "source": source,
            "reason": reason,
        }

    def _create_change_requests(self, vals, reason=False, source="user"):
        """One request per archive and changed field; a chatter note on each archive. Returns
        the requests (unchanged values make none)."""
        vals_list = []
        for partner in self:
            for fname, value in vals.items():
                new_raw = self._change_raw_from_write(fname, value)
                if new_raw == self._change_raw_value(partner, fname):
                    continue
                vals_list.append(
                    partner._prepare_change_request_vals(fname, new_raw, reason, source)
                )
        if not vals_list:
            return self.env["customer.archive.change.request"]
        # sudo: requests are created by this flow only (see customer.archive.change.request)
        requests = self.env["customer.archive.change.request"].sudo().create(vals_list)
        requests = requests.with_env(self.env)
        requests._schedule_approval_activities()
        by_partner = defaultdict(list)
        for request in requests:
            by_partner[request.partner_id].append(request)
        env = self.env["res.users"]._get_lang_env(self.env)
        for partner, items in by_partner.items():
            lines = Markup("").join(
                Markup("<li>%s</li>")
                % env._(
                    "%(request)s: %(field)s %(old)s → %(new)s",
                    request=request.name,
                    field=request.with_env(env).field_label,
                    old=request.old_value_display or "-",
                    new=request.new_value_display or "-",
                )
                for request in items
            )
            # sudo: the requester may not post on an archive they only hand changes to
            partner.sudo().message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    env._(
                        "Change request submitted by %(user)s, waiting for an archive "
                        "officer's approval:",
                        user=self.env.user.name,
                    ),
                    lines,
                ),
                author_id=self.env.user.partner_id.id,
                subtype_xmlid="mail.mt_note",
            )
        return requests

    # ------------------------------------------------------------------
    # Raw values and their display
    # ------------------------------------------------------------------
    @api.model
    def _change_raw_value(self, partner, fname):
        """The current value of ``fname`` of ``partner`` as JSON (ids for relations)."""
        # sudo: the value is compared or stored for the flow, shown masked
        value = partner.sudo()[fname]
        field = self._fields[fname]
        if field.type == "many2one":
            return value.id or False
        if field.type in ("one2many", "many2many"):
            return sorted(value.ids)
        if field.type in ("date", "datetime"):
            return (
                fields.Datetime.to_string(value)
                if field.type == "datetime"
                else (fields.Date.to_string(value) if value else False)
            )
        return value if value not in (None, "") else False

    @api.model
    def _change_raw_from_write(self, fname, value):
        """A value of ``write`` as JSON: commands as lists, dates as text."""
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return [list(command) for command in value or []]
        if field.type == "many2one":
            return value.id if isinstance(value, models.BaseModel) else (value or False)
        if field.type == "date" and value:
            return fields.Date.to_string(fields.Date.to_date(value))
        if field.type in ("float", "monetary") and value is not False:
            return float(value)
        return value if value not in (None, "") else False

    @api.model
    def _change_value_display(self, fname, raw, bank_masked=None):
        """The text of a raw value, as the request shows it (bank account numbers masked when
        ``bank_masked`` says so)."""
        field = self._fields.get(fname)
        if field is None or raw in (False, None, [], ""):
            return ""
        if field.type == "many2one":
            # sudo: the name of the record referenced (a salesperson, a tier)
            return self.env[field.comodel_name].sudo().browse(raw).exists().display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(raw, raw)
        if field.type == "boolean":
            return self.env._("Yes") if raw else self.env._("No")
        if field.type in ("one2many", "many2many"):
            return self._change_commands_display(field, raw, bank_masked or {})
        return str(raw)

    @api.model
    def _change_commands_display(self, field, raw, bank_masked):
        # sudo: the names of the lines, masked below like the lines' own field
        Comodel = self.env[field.comodel_name].sudo()
        rule = bank_masked.get("acc_number") if field.comodel_name == "res.partner.bank" else None

        def name(record_or_vals):
            if isinstance(record_or_vals, dict):
                text = record_or_vals.get("acc_number") or record_or_vals.get("name") or "?"
            else:
                record = record_or_vals.exists()
                text = (
                    (
                        record.acc_number
                        if field.comodel_name == "res.partner.bank"
                        else record.display_name
                    )
                    if record
                    else "?"
                )
            return mask_value(text, rule.style, "char") if rule else text

        if raw and all(isinstance(item, int) for item in raw):
            return ", ".join(name(Comodel.browse(rid)) for rid in raw)
        parts = []
        for command in raw:
            code = command[0]
            if code == 0:
                parts.append("+ " + name(command[2] or {}))
            elif code == 1:
                parts.append("~ " + name(Comodel.browse(command[1])))
            elif code in (2, 3):
                parts.append("- " + name(Comodel.browse(command[1])))
            elif code == 4:
                parts.append("+ " + name(Comodel.browse(command[1])))
            elif code == 5:
                parts.append(self.env._("(all removed)"))
            elif code == 6:
                parts.append("= " + ", ".join(name(Comodel.browse(rid)) for rid in command[2]))
        return "; ".join(parts)

    @api.model
    def _change_mask_text(self, text, rule, field_type):
        return mask_value(text, rule.style, field_type) if text else text

    def action_open_change_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_change_request_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_to_approve": 1}
        return action
