"""The confidentiality layer for sensitive fields (敏感字段): one declared, narrow layer.

Only the models listed in ``MASKED_MODELS`` (models/customer_archive_masked_models.py) take part:
the models that hold customer data and the few stock models with fields related to a classified
partner field. Nothing else of stock Odoo is overridden.

For a user who is not cleared for a classified field, on the records in the field's *scope*
(archives and their contacts, never the user's own company, internal users or plain contacts):

- every way a value leaves the ORM for a client gives the mask: the read family
  (``_read_format``: read, search_read, web_read, web_search_read, mail's ``_to_store``),
  ``copy_data`` (hence ``copy``), ``onchange``, ``export_data`` (``_export_rows``), and the
  fields derived from classified fields (computed or related, on this model or another one,
  found in the registry's dependency graph, see ``_get_masking_config``);
- every SQL expression Odoo builds on the field — a domain condition, an order, a group-by, an
  aggregate — sees NULL on those records (``_condition_to_sql``, ``_order_field_to_sql``,
  ``_read_group_groupby``, ``_read_group_select``, and ``_where_calc`` for non-stored related
  fields): a search never matches an archive by a value the user cannot read, sorting and
  grouping learn nothing, while the same searches on stock records work as without the addon;
- writing back the mask changes nothing; a new value is written (data entry).

The superuser, ``sudo()`` and the searches mail makes on the user's behalf (``INTERNAL_SEARCH``)
work on the real values: constraints, computes, the tier engine and mail routing are unchanged.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.models import READ_GROUP_AGGREGATE, NewId, parse_read_group_spec
from odoo.osv import expression
from odoo.tools import SQL

from .customer_archive_markers import INTERNAL_SEARCH
from .customer_archive_sensitive_field import MASK_MARK, NUMERIC_TYPES, mask_value


class CustomerArchiveMaskedMixin(models.AbstractModel):
    _name = "customer.archive.masked.mixin"
    _description = "Customer Archive: Sensitive Field Masking"

    # ------------------------------------------------------------------ rules
    def _archive_masked_fields(self):
        """{field name: MaskRule} of this model masked for the current user ({} when cleared
        for everything, as superuser, in a search made on the user's behalf, or when nothing
        of this model is classified)."""
        if (
            self.env.su
            or self.env.context.get("customer_archive_internal_search") is INTERNAL_SEARCH
        ):
            return {}
        rules = self.env["customer.archive.sensitive.field"]._get_masking_config().get(self._name)
        if not rules:
            return {}
        user_groups = set(self.env.user._get_group_ids())
        return {fname: rule for fname, rule in rules.items() if not rule.group_ids & user_groups}

    @api.model
    def _archive_scope_domain(self, scope):
        """Domain of the records of this model whose classified fields of ``scope`` are masked.
        Every record by default; res.partner and res.partner.bank narrow it to archives."""
        return expression.TRUE_DOMAIN

    @api.model
    def _archive_scope_sql(self, alias, scope, query):
        """SQL condition on the row ``alias`` of this model: the row is in ``scope``. Override
        with plain column tests where a sub-query would be slow (res.partner)."""
        domain = self._archive_scope_domain(scope)
        if domain == expression.TRUE_DOMAIN:
            return SQL("TRUE")
        # sudo: the scope is a property of the rows, whatever the user may read
        subquery = self.sudo().with_context(active_test=False)._search(domain)
        return SQL("%s IN %s", SQL.identifier(alias, "id"), subquery.subselect())

    @api.model
    def _archive_rule_sql(self, alias, rule, query):
        """SQL condition: the row ``alias`` holds a masked value of ``rule``."""
        terms = []
        for prefix, scope in rule.sources:
            if not prefix:
                terms.append(self._archive_scope_sql(alias, scope, query))
                continue
            owner_model = self._archive_owner_model(prefix)
            subquery = (
                # sudo: which rows point to records in scope, whatever the user may read
                self.sudo()
                .with_context(active_test=False)
                ._search([(".".join(prefix), "any", owner_model._archive_scope_domain(scope))])
            )
            terms.append(SQL("%s IN %s", SQL.identifier(alias, "id"), subquery.subselect()))
        return SQL("(%s)", SQL(" OR ").join(terms)) if len(terms) > 1 else terms[0]

    @api.model
    def _archive_owner_model(self, prefix):
        model = self
        for fname in prefix:
            model = self.env[model._fields[fname].comodel_name]
        return model

    def _archive_scope_filter(self, scope):
        """The records of ``self`` in ``scope`` (evaluated on the real values)."""
        domain = self._archive_scope_domain(scope)
        if domain == expression.TRUE_DOMAIN:
            return self
        # sudo: deciding whether to mask reads fields the user may not be allowed to read;
        # nothing read here is returned to the user
        return self.sudo().with_context(active_test=False).filtered_domain(domain)

    def _archive_ids_in_rule_scope(self, rule):
        """Ids (or new ids) of ``self`` whose value of ``rule`` is masked."""
        result = set()
        for prefix, scope in rule.sources:
            if not prefix:
                result.update(self._archive_scope_filter(scope)._ids)
                continue
            # sudo: following the path to the record the value comes from, not returned
            records = self.sudo()
            owners_of = {}
            for record in records:
                owners = record
                for fname in prefix:
                    owners = owners[fname]
                owners_of[record.id] = owners
            owner_model = self._archive_owner_model(prefix)
            all_owners = owner_model.browse(
                {oid for owners in owners_of.values() for oid in owners._ids}
            )
            in_scope = set(all_owners._archive_scope_filter(scope)._ids)
            result.update(rid for rid, owners in owners_of.items() if in_scope & set(owners._ids))
        return result

    def _archive_sensitive_scope_map(self, scopes):
        """{scope: ids of ``self`` in that scope} (kept for the callers of the mail and report
        helpers)."""
        return {scope: set(self._archive_scope_filter(scope)._ids) for scope in scopes}

    def _archive_mask_rows(self, rows, rules):
        """Replace the values of ``rules`` in ``rows`` (dicts with an ``id``) by their mask.
        A new record (a form being filled in) is masked when it is in scope and has an origin
        (a record being edited) — values the user types are theirs."""
        keys = [row["id"].origin if isinstance(row["id"], NewId) else row["id"] for row in rows]
        records = self.browse([key for key in keys if key])
        scopes = {}  # rules of the same sources share their records in scope
        for fname, rule in rules.items():
            if rule.sources not in scopes:
                scopes[rule.sources] = records._archive_ids_in_rule_scope(rule)
            in_scope = scopes[rule.sources]
            ftype = self._fields[fname].type
            for key, row in zip(keys, rows):
                if key and fname in row and key in in_scope:
                    row[fname] = mask_value(row[fname], rule.style, ftype)
        return rows

    def _archive_masked_read(self, fnames):
        """``read(fnames)`` with sensitive values masked for the current user: the API for
        reports, exports and documents of other features (plain ``read`` masks as well)."""
        return self.read(fnames)

    # ------------------------------------------------------------------ values leaving the ORM
    def _read_format(self, fnames, load="_classic_read"):
        return self._archive_mask_read_rows(super()._read_format(fnames, load=load), fnames)

    def _archive_mask_read_rows(self, rows, fnames):
        """Mask, in ``rows`` (dicts with an ``id``, as ``read()`` returns them), the values of
        ``fnames`` the current user is not cleared for: what every read of these records goes
        through (``read``, ``web_read``, and the export's own column reading)."""
        if rows:
            masked = self._archive_masked_fields()
            rules = {fname: masked[fname] for fname in fnames if fname in masked}
            if rules:
                self._archive_mask_rows(rows, rules)
        return rows

    def copy_data(self, default=None):
        """A copy made by an uncleared user does not carry the masked values (nor do the
        sub-records copied with it, which pass here too): neither in what ``copy_data``
        returns nor in the new record."""
        vals_list = super().copy_data(default=default)
        masked = self._archive_masked_fields()
        if not masked:
            return vals_list
        default = default or {}
        for fname, rule in masked.items():
            in_scope = self._archive_ids_in_rule_scope(rule)
            for record, vals in zip(self, vals_list):
                if vals and fname in vals and fname not in default and record.id in in_scope:
                    vals[fname] = False
        return vals_list

    def get_field_translations(self, field_name, langs=None):
        rule = self._archive_masked_fields().get(field_name)
        if rule and self._archive_ids_in_rule_scope(rule):
            self._archive_raise_masked(field_name)
        return super().get_field_translations(field_name, langs=langs)

    def _archive_raise_masked(self, field_name):
        raise AccessError(
            self.env._(
                "%(field)s of %(model)s is a sensitive field you are not cleared for "
                "(missing right: a cleared group of the sensitive-field classification).",
                field=self._fields[field_name]._description_string(self.env),
                model=self._description,
            )
        )

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
        # sudo: the real values, masked below before they are exported
        real = self.sudo()
        rows = self._archive_mask_rows(
            [{"id": record.id, **{fname: record[fname] for fname in rules}} for record in real],
            rules,
        )
        by_id = {row["id"]: row for row in rows}
        for line in lines:
            record_id = line[columns[0]]
            if record_id:
                row = by_id[int(record_id)]
                for i in columns:
                    value = row[fields[i][0]]
                    field = self._fields[fields[i][0]]
                    line[i] = (
                        value
                        if isinstance(value, str)
                        else (field.convert_to_export(value, self) if value else "")
                    )
        return lines

    def onchange(self, values, field_names, fields_spec):
        if self.env.su:
            return super().onchange(values, field_names, fields_spec)
        values = self._archive_scrub_masked_values(values) if values else values
        result = super().onchange(values, field_names, fields_spec)
        changed = result.get("value") if isinstance(result, dict) else None
        masked = self._archive_masked_fields()
        if changed and masked and set(changed) & set(masked):
            # Values the server puts in the form (a contact's address copied from its archive,
            # a related field) are masked like read() masks them. The record is the one of the
            # form: its scope is decided from the values it has after the onchange.
            record = self.new(
                {k: v for k, v in values.items() if k in self._fields and not isinstance(v, list)},
                origin=self,
            )
            for fname in set(changed) & set(masked):
                rule = masked[fname]
                if record._archive_ids_in_rule_scope(rule) or (
                    self and self._archive_ids_in_rule_scope(rule)
                ):
                    changed[fname] = mask_value(
                        changed[fname], rule.style, self._fields[fname].type
                    )
        return result

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
                and hasattr(self.env[field.comodel_name], "_archive_scrub_masked_values")
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

    @api.model
    def get_views(self, views, options=None):
        """Masked numbers and dates are sent as text: describe them so to the web client."""
        result = super().get_views(views, options=options)
        for model_name, info in result.get("models", {}).items():
            model = self.env[model_name]
            masked = (
                model._archive_masked_fields() if hasattr(model, "_archive_masked_fields") else {}
            )
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
                desc.update(sortable=False, groupable=False)
        return result

    # ------------------------------------------------------------------ SQL on masked values
    def _archive_masked_sql(self, alias, fname, sql, query):
        """``sql`` (the value of ``fname`` on the row ``alias``) as NULL where it is masked."""
        rule = self._archive_masked_fields().get(fname)
        if rule is None:
            return sql
        return SQL(
            "(CASE WHEN %s THEN NULL ELSE %s END)",
            self._archive_rule_sql(alias, rule, query),
            sql,
        )

    def _condition_to_sql(self, alias, fname, operator, value, query):
        sql = super()._condition_to_sql(alias, fname, operator, value, query)
        rule = self._archive_masked_fields().get(fname)
        if rule is None:
            return sql
        # A condition on a masked value never matches a row where it is masked (nor does its
        # negation depend on the value): nothing can be inferred from the result.
        return SQL("(NOT %s AND %s)", self._archive_rule_sql(alias, rule, query), sql)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        fname = field_name.split(".", 1)[0]
        if fname not in self._archive_masked_fields() or self._fields[fname].type == "many2one":
            return super()._order_field_to_sql(alias, field_name, direction, nulls, query)
        sql_field = self._archive_masked_sql(
            alias, fname, self._field_to_sql(alias, field_name, query), query
        )
        if query.groupby:
            query.groupby = SQL("%s, %s", query.groupby, sql_field)
        return SQL("%s %s %s", sql_field, direction, nulls)

    def _read_group_groupby(self, groupby_spec, query):
        sql = super()._read_group_groupby(groupby_spec, query)
        fname = parse_read_group_spec(groupby_spec)[0]
        if fname in self._archive_masked_fields():
            sql = self._archive_masked_sql(self._table, fname, sql, query)
        return sql

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec != "__count":
            fname, _property, func = parse_read_group_spec(aggregate_spec)
            if fname in self._archive_masked_fields() and func in READ_GROUP_AGGREGATE:
                sql_field = self._archive_masked_sql(
                    self._table, fname, self._field_to_sql(self._table, fname, query), query
                )
                return READ_GROUP_AGGREGATE[func](self._table, sql_field)
        return super()._read_group_select(aggregate_spec, query)

    def _where_calc(self, domain, active_test=True):
        """Conditions on non-stored derived fields (related fields are searched as superuser
        along their path) are limited to the rows where the value is not masked."""
        masked = self._archive_masked_fields() if domain else {}
        unstored = {fname for fname in masked if not self._fields[fname].store}
        if unstored:
            rewritten = []
            for leaf in domain:
                if (
                    isinstance(leaf, (list, tuple))
                    and len(leaf) == 3
                    and isinstance(leaf[0], str)
                    and leaf[0].split(".")[0] in unstored
                ):
                    rule = masked[leaf[0].split(".")[0]]
                    rewritten.extend(["&", tuple(leaf), "!", *self._archive_rule_domain(rule)])
                else:
                    rewritten.append(leaf)
            domain = rewritten
        return super()._where_calc(domain, active_test=active_test)

    @api.model
    def _archive_rule_domain(self, rule):
        """Domain (normalized, usable after '!') of the records with a masked value of rule."""
        parts = []
        for prefix, scope in rule.sources:
            if prefix:
                owner_model = self._archive_owner_model(prefix)
                parts.append([(".".join(prefix), "any", owner_model._archive_scope_domain(scope))])
            else:
                parts.append(self._archive_scope_domain(scope))
        return expression.normalize_domain(expression.OR(parts))

    # ------------------------------------------------------------------ values entering the ORM
    def _archive_filter_masked_vals(self, vals, masked):
        """Check values of masked fields written by an uncleared user; return the fields to
        drop because their value is the mask of the current value (the form sent it back)."""
        drop = set()
        for fname in [f for f in vals if f in masked]:
            value = vals[fname]
            field = self._fields[fname]
            if isinstance(value, str) and MASK_MARK in value:
                rows = self._archive_mask_rows(
                    # sudo: the real values, to compare their mask with what the form sent back
                    [{"id": record.id, fname: record.sudo()[fname]} for record in self],
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
