"""Sensitive-field masking at the API boundary (every model; configured by
customer.archive.sensitive.field).

For a user who is not cleared for a classified field:
- ``read`` / ``search_read`` / ``web_read`` / ``web_search_read`` return the masked text
  (``_read_format``), ``export_data`` exports it (``_export_rows``);
- a domain, an order or a ``read_group`` grouping or aggregate on it is refused, also through
  dotted paths (``child_ids.mobile``) and ``any`` sub-domains: no inference through searches;
- writing back the masked value changes nothing; any other value is written (data entry);
- ``get_views`` describes the field as read-as-text, not sortable or groupable, and drops it
  from the search view, so that the web client shows the mask instead of failing on it.
The superuser and ``sudo()`` see and search real values: constraints, computes and the tier
engine work on real data.
"""

import ast
import re

from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.models import NewId
from odoo.osv import expression

from .customer_archive_sensitive_field import MASK_MARK, NUMERIC_TYPES, mask_value

READ_GROUP_SPEC = re.compile(r"^(\w+)(?::(\w+)(?:\((\w+)\))?)?$")
# Context value marking a search made by server code on the user's behalf (mail looking up the
# partner of an e-mail address): an object, so no client can send it through RPC.
INTERNAL_SEARCH = object()


class Base(models.AbstractModel):
    _inherit = "base"

    # ------------------------------------------------------------------ rules
    def _archive_masked_fields(self):
        """{field name: MaskRule} of this model masked for the current user ({} when cleared
        for everything, as superuser, or when nothing is classified)."""
        if self.env.su:
            return {}
        Sensitive = self.env.get("customer.archive.sensitive.field")
        if Sensitive is None:
            return {}
        rules = Sensitive._get_masking_config().get(self._name)
        if not rules:
            return {}
        user_groups = set(self.env.user._get_group_ids())
        return {fname: rule for fname, rule in rules.items() if not rule.group_ids & user_groups}

    def _archive_sensitive_scope_map(self, scopes):
        """{scope: ids of the records of ``self`` whose sensitive fields of that scope are
        masked}. Models with scopes narrower than "all" override this (res.partner,
        res.partner.bank); by default every record is in every scope."""
        return {scope: set(self._ids) for scope in scopes}

    def _archive_mask_rows(self, rows, rules):
        """Replace the values of ``rules`` in ``rows`` (dicts with an ``id``) by their mask.
        A new record (a form being filled in) is not masked: its values are defaults or what
        the user typed; a record being edited (new id with an origin) is, like its origin."""
        keys = [row["id"].origin if isinstance(row["id"], NewId) else row["id"] for row in rows]
        records = self.browse([key for key in keys if key])
        scopes = records._archive_sensitive_scope_map({rule.scope for rule in rules.values()})
        for fname, rule in rules.items():
            in_scope = scopes[rule.scope]
            ftype = self._fields[fname].type
            for key, row in zip(keys, rows):
                if key and fname in row and key in in_scope:
                    row[fname] = mask_value(row[fname], rule.style, ftype)
        return rows

    def _archive_log_partner(self):
        """The archive (res.partner) an access log entry about these records names: their
        ``partner_id`` by default. Override where the archive is elsewhere."""
        field = self._fields.get("partner_id")
        if field is not None and field.type == "many2one" and field.comodel_name == "res.partner":
            return self.partner_id
        return self.env["res.partner"]

    def _archive_masked_read(self, fnames):
        """``read(fnames)`` with sensitive values masked for the current user: the API for
        reports, exports and documents of other features (plain ``read`` masks as well)."""
        return self.read(fnames)

    # ------------------------------------------------------------------ reading
    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if result:
            masked = self._archive_masked_fields()
            rules = {fname: masked[fname] for fname in fnames if fname in masked}
            if rules:
                self._archive_mask_rows(result, rules)
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        masked = self._archive_masked_fields()
        columns = [
            i for i, path in enumerate(fields) if path and len(path) == 1 and path[0] in masked
        ]
        if not columns:
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        # Export the record id in the masked columns, then replace it by the mask in the main
        # line of each record (the lines of sub-records have nothing in those columns).
        work = [[".id"] if i in columns else path for i, path in enumerate(fields)]
        lines = super()._export_rows(work, _is_toplevel_call=_is_toplevel_call)
        rules = {fields[i][0]: masked[fields[i][0]] for i in columns}
        rows = self._archive_mask_rows(
            [{"id": record.id, **{fname: record[fname] for fname in rules}} for record in self],
            rules,
        )
        by_id = {row["id"]: row for row in rows}
        for line in lines:
            record_id = line[columns[0]]
            if record_id:
                row = by_id[int(record_id)]
                for i in columns:
                    value = row[fields[i][0]]
                    line[i] = (
                        value
                        if isinstance(value, str)
                        else (
                            self._fields[fields[i][0]].convert_to_export(value, self)
                            if value
                            else ""
                        )
                    )
        return lines

    # ------------------------------------------------------------------ searching
    def _archive_refuse(self, fname, model=None):
        model = model if model is not None else self
        raise AccessError(
            self.env._(
                "%(field)s (%(model)s) is a sensitive field: you are not cleared to search, sort or "
                "group by it. Remove it from the filter, or ask an archive manager.",
                field=model._fields[fname]._description_string(self.env),
                model=model._description,
            )
        )

    def _archive_check_path(self, path):
        """Refuse a dotted field path of a domain or an order that goes through a masked field."""
        model = self
        for fname in path.split("."):
            field = model._fields.get(fname)
            if field is None:
                return
            if fname in model._archive_masked_fields():
                model._archive_refuse(fname)
            if not field.relational:
                return
            model = self.env[field.comodel_name]

    def _archive_check_domain(self, domain):
        """Refuse a domain with a condition on a field masked for the current user."""
        if self.env.su or not domain or not isinstance(domain, (list, tuple)):
            return
        if self.env.context.get("customer_archive_internal_search") is INTERNAL_SEARCH:
            return
        for leaf in domain:
            if not (
                isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str)
            ):
                continue
            self._archive_check_path(leaf[0])
            if leaf[1] in ("any", "not any") and isinstance(leaf[2], (list, tuple)):
                model = self
                for fname in leaf[0].split("."):
                    field = model._fields.get(fname)
                    if field is None or not field.relational:
                        model = None
                        break
                    model = self.env[field.comodel_name]
                if model is not None:
                    model._archive_check_domain(leaf[2])

    def _archive_check_order(self, order):
        if self.env.su or not order or not isinstance(order, str):
            return
        for part in order.split(","):
            path = part.strip().split(" ")[0].strip('"')
            if path:
                self._archive_check_path(path)

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        self._archive_check_domain(domain)
        self._archive_check_order(order)
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    @api.model
    def search_count(self, domain, limit=None):
        self._archive_check_domain(domain)
        return super().search_count(domain, limit=limit)

    def _archive_check_search_panel(self, field_name, kwargs):
        """The search panel counts records with the user's domains: no masked field in them,
        nor as the panel's own field."""
        if self.env.su:
            return
        self._archive_check_path(field_name)
        for key in ("search_domain", "category_domain", "filter_domain"):
            self._archive_check_domain(kwargs.get(key))

    @api.model
    def search_panel_select_range(self, field_name, **kwargs):
        self._archive_check_search_panel(field_name, kwargs)
        return super().search_panel_select_range(field_name, **kwargs)

    @api.model
    def search_panel_select_multi_range(self, field_name, **kwargs):
        self._archive_check_search_panel(field_name, kwargs)
        return super().search_panel_select_multi_range(field_name, **kwargs)

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        self._archive_check_domain(args)
        return super().name_search(name=name, args=args, operator=operator, limit=limit)

    @api.model
    def _search_display_name(self, operator, value):
        """Searching by name must not search inside masked fields (res.partner searches the
        e-mail too): their conditions never match for an uncleared user."""
        domain = super()._search_display_name(operator, value)
        masked = self._archive_masked_fields()
        if not masked or not isinstance(domain, (list, tuple)):
            return domain
        return [
            (
                expression.FALSE_LEAF
                if isinstance(leaf, (list, tuple))
                and len(leaf) == 3
                and isinstance(leaf[0], str)
                and leaf[0].split(".")[0] in masked
                else leaf
            )
            for leaf in domain
        ]

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        masked = self._archive_masked_fields()
        self._archive_check_domain(domain)
        if masked:
            for spec in [groupby] if isinstance(groupby, str) else (groupby or []):
                fname = spec.split(":")[0].split(".")[0]
                if fname in masked:
                    raise AccessError(
                        self.env._(
                            "You cannot group by %(field)s: it is a sensitive field you are not cleared for.",
                            field=self._fields[fname]._description_string(self.env),
                        )
                    )
            for spec in fields or []:
                match = READ_GROUP_SPEC.match(spec.strip()) if isinstance(spec, str) else None
                fname = match and (match.group(3) or match.group(1))
                if fname in masked:
                    raise AccessError(
                        self.env._(
                            "You cannot total or average %(field)s: it is a sensitive field you are "
                            "not cleared for.",
                            field=self._fields[fname]._description_string(self.env),
                        )
                    )
            self._archive_check_order(orderby)
        return super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )

    # ------------------------------------------------------------------ writing
    def _archive_filter_masked_vals(self, vals, masked):
        """Check values of masked fields written by an uncleared user; return the fields to
        drop because their value is the mask of the current value (the form sent it back)."""
        drop = set()
        for fname in [f for f in vals if f in masked]:
            value = vals[fname]
            field = self._fields[fname]
            if isinstance(value, str) and MASK_MARK in value:
                rows = self._archive_mask_rows(
                    [{"id": record.id, fname: record[fname]} for record in self],
                    {fname: masked[fname]},
                )
                if self and all(row[fname] == value for row in rows):
                    drop.add(fname)
                    continue
                raise ValidationError(
                    self.env._(
                        '%(field)s: "%(value)s" is a masked value. Type the complete new value, or '
                        "leave the field unchanged.",
                        field=field._description_string(self.env),
                        value=value,
                    )
                )
            if (
                isinstance(value, str)
                and value
                and (field.type in NUMERIC_TYPES or field.type in ("date", "datetime"))
            ):
                # the web client shows masked dates and numbers as text: check what was typed
                try:
                    if field.type == "date":
                        fields.Date.to_date(value.strip())
                    elif field.type == "datetime":
                        fields.Datetime.to_datetime(value.strip())
                    else:
                        float(value.strip().replace(",", ""))
                except ValueError:
                    raise ValidationError(
                        self.env._(
                            '%(field)s: "%(value)s" is not a valid value.',
                            field=field._description_string(self.env),
                            value=value,
                        )
                    ) from None
                vals[fname] = (
                    value.strip().replace(",", "") if field.type in NUMERIC_TYPES else value.strip()
                )
        return drop

    def write(self, vals):
        masked = self._archive_masked_fields() if vals else {}
        if masked and not masked.keys().isdisjoint(vals):
            vals = dict(vals)
            drop = self._archive_filter_masked_vals(vals, masked)
            vals = {fname: value for fname, value in vals.items() if fname not in drop}
            if not vals:
                return True
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        masked = self._archive_masked_fields()
        if masked:
            for vals in vals_list:
                if not masked.keys().isdisjoint(vals):
                    # no current value on a new record: a mask can only be a mistake
                    self.browse()._archive_filter_masked_vals(vals, masked)
        return super().create(vals_list)

    # ------------------------------------------------------------------ web client
    def _archive_scrub_masked_values(self, values):
        """``values`` without the masks the client sends back (onchange gets the form's values:
        a mask is not a value; the record's own value or its default is used instead)."""
        masked = self._archive_masked_fields()
        result = {}
        for fname, value in values.items():
            field = self._fields.get(fname)
            if fname in masked and isinstance(value, str) and MASK_MARK in value:
                continue
            if (
                field is not None
                and field.type in ("one2many", "many2many")
                and isinstance(value, list)
            ):
                comodel = self.env[field.comodel_name]
                value = [
                    (*command[:2], comodel._archive_scrub_masked_values(command[2]), *command[3:])
                    if isinstance(command, (list, tuple))
                    and len(command) >= 3
                    and isinstance(command[2], dict)
                    else command
                    for command in value
                ]
            result[fname] = value
        return result

    def onchange(self, values, field_names, fields_spec):
        if not self.env.su and values:
            values = self._archive_scrub_masked_values(values)
        return super().onchange(values, field_names, fields_spec)

    @api.model
    def get_views(self, views, options=None):
        result = super().get_views(views, options=options)
        masked_by_model = {}
        for model_name, info in result.get("models", {}).items():
            masked = self.env[model_name]._archive_masked_fields()
            if not masked:
                continue
            masked_by_model[model_name] = masked
            for fname in masked:
                desc = info.get("fields", {}).get(fname)
                if not desc:
                    continue
                if desc.get("type") not in ("char", "text"):
                    desc["type"] = "char"
                    for key in (
                        "aggregator",
                        "group_operator",
                        "currency_field",
                        "digits",
                        "selection",
                    ):
                        desc.pop(key, None)
                desc.update(sortable=False, groupable=False, searchable=False)
        search = result.get("views", {}).get("search")
        if search and masked_by_model.get(self._name):
            search["arch"] = self._archive_clean_search_arch(
                search["arch"], masked_by_model[self._name]
            )
        return result

    @api.model
    def _archive_clean_search_arch(self, arch, masked):
        """Search view without the masked fields: their <field> entries go, their conditions in
        filter domains become false, group-bys on them go."""
        try:
            root = etree.fromstring(arch)
        except etree.XMLSyntaxError:
            return arch

        def clean_domain(text):
            try:
                tree = ast.parse(text.strip(), mode="eval")
            except SyntaxError:
                return text
            changed = False

            class Leaves(ast.NodeTransformer):
                def visit_Tuple(self, node):
                    nonlocal changed
                    if (
                        len(node.elts) == 3
                        and isinstance(node.elts[0], ast.Constant)
                        and isinstance(node.elts[0].value, str)
                        and node.elts[0].value.split(".")[0] in masked
                    ):
                        changed = True
                        return ast.Tuple(
                            elts=[ast.Constant(0), ast.Constant("="), ast.Constant(1)],
                            ctx=ast.Load(),
                        )
                    return self.generic_visit(node)

                visit_List = visit_Tuple

            Leaves().visit(tree)
            return ast.unparse(tree) if changed else text

        for node in list(root.iter("field")):
            if node.get("name") in masked:
                node.getparent().remove(node)
            elif node.get("filter_domain"):
                node.set("filter_domain", clean_domain(node.get("filter_domain")))
        for node in list(root.iter("filter")):
            if node.get("domain"):
                node.set("domain", clean_domain(node.get("domain")))
            group_by = re.search(
                r"""['"]group_by['"]\s*:\s*['"]([\w.]+)""", node.get("context") or ""
            )
            if group_by and group_by.group(1).split(":")[0] in masked:
                node.getparent().remove(node)
        return etree.tostring(root, encoding="unicode")
