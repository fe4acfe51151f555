from operator import itemgetter

from odoo import api, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, split_every

# Display names of related records kept from one batch of the export to the next, per column.
NAMES_KEPT = 5000

# Types of the stored columns the export selects and converts column by column (see
# _archive_export_read); other fields are read with read().
COLUMN_TYPES = {
    "boolean",
    "char",
    "date",
    "datetime",
    "float",
    "integer",
    "many2one",
    "monetary",
    "selection",
    "text",
}

# Column format of each field type (see _xlsx_formats); others are text.
TYPE_FORMATS = {
    "integer": "int",
    "float": "decimal",
    "monetary": "money",
    "date": "date",
    "datetime": "datetime",
}


class CustomerArchiveArchiveListXlsx(models.AbstractModel):
    """Excel export of the archive list: one row per archive, read as the exporting user
    (``read()``: record rules and field masking apply), in batches, constant-memory."""

    _name = "report.customer_archive.archive_list_xlsx"
    _inherit = "report.customer_archive.abstract_xlsx"
    _description = "Customer Archive List (Excel)"

    # Archives read and written per batch: bounds the record cache, hence the memory.
    _batch_size = 2000

    def _get_report_filename(self, data):
        return self.env._("customer_archives")

    def _get_workbook_options(self, data):
        # Rows are written in order, once: constant-memory mode keeps one row in memory
        # (the rest goes to a temporary file) whatever the number of archives.
        return dict(super()._get_workbook_options(data), constant_memory=True)

    @api.model
    def _get_archive_export_columns(self):
        """(field name, column width) of the exported columns, in order. Override to add or
        remove columns; the header is the field's label in the user's language."""
        return [
            ("archive_number", 14),
            ("complete_name", 32),
            ("customer_type_id", 14),
            ("tier_id", 12),
            ("region_id", 14),
            ("source_id", 14),
            ("archive_status_id", 12),
            ("user_id", 12),
            ("keeper_id", 12),
            ("credit_code", 22),
            ("legal_representative", 12),
            ("registered_capital", 16),
            ("annual_turnover", 16),
            ("employee_count", 10),
            ("founding_date", 12),
            ("credit_rating", 12),
            ("phone", 16),
            ("mobile", 16),
            ("email", 26),
            ("city", 12),
            ("archive_date", 12),
            ("last_review_date", 12),
            ("next_review_date", 12),
            ("completeness", 10),
        ]

    @api.model
    def _get_archive_export_domain(self, domain=None):
        """The archives exported: ``domain`` (the list's search) restricted to archives."""
        return expression.AND([domain or [], [("is_customer_archive", "=", True)]])

    def _get_report_records(self, data):
        domain = data.get("domain") or []
        if not isinstance(domain, list):
            raise UserError(self.env._("The export filter is not valid: %(domain)s", domain=domain))
        Partner = self.env["res.partner"]
        try:
            domain = self._get_archive_export_domain(domain)
            # As the exporting user: record rules decide which archives are exported.
            return Partner.search(domain, order="archive_number, id")
        except (ValueError, TypeError) as error:
            raise UserError(
                self.env._("The export filter is not valid: %(error)s", error=error)
            ) from error

    @api.model
    def _archive_export_header(self, fields_info, fname):
        info = fields_info[fname]
        label = info["string"]
        if info["type"] == "monetary":
            label = "%s (%s)" % (label, self.env.company.currency_id.name)
        return label

    @api.model
    def _archive_export_value(self, info, value, names=None):
        """The cell value of a value from ``read(load=None)``: display names of relations
        (``names``: id -> name), labels of selections; anything else (numbers, dates, masked
        text) as read."""
        if info["type"] == "many2one":
            return names.get(value, value) if value else None
        if info["type"] in ("many2many", "one2many"):
            return None
        if info["type"] == "selection" and value:
            return info["labels"].get(value, value)
        return value

    @api.model
    def _archive_export_layout(self, records):
        """Columns the user may read: (field names, fields_get info with selection labels,
        headers, widths, number formats)."""
        columns = self._get_archive_export_columns()
        fields_info = records.fields_get([f for f, _w in columns], ["string", "type", "selection"])
        # Fields the user may not read (field groups) are left out.
        columns = [(fname, width) for fname, width in columns if fname in fields_info]
        fnames = [fname for fname, _width in columns]
        for info in fields_info.values():
            info["labels"] = dict(info.get("selection") or [])
        headers = [self._archive_export_header(fields_info, fname) for fname in fnames]
        number_formats = [TYPE_FORMATS.get(fields_info[f]["type"], "text") for f in fnames]
        return fnames, fields_info, headers, [width for _f, width in columns], number_formats

    def generate_xlsx_report(self, workbook, data, records):
        fnames, fields_info, headers, widths, number_formats = self._archive_export_layout(records)
        formats = self._xlsx_formats(workbook)
        sheet = workbook.add_worksheet(self._xlsx_sheet_name(self.env._("Customer Archives")))
        self._xlsx_write_table(
            sheet,
            formats,
            headers,
            self._archive_export_rows(records, fnames, fields_info),
            widths=widths,
            number_formats=number_formats,
            freeze_cols=2,
        )
        self._log_archive_export(records)

    def _archive_export_rows(self, records, fnames, fields_info):
        """Rows of the export, read batch by batch as the current user (never sudo: masking
        of sensitive fields is done by read). The cells are :meth:`_archive_export_value` of
        the values read; unless that method is overridden, a row is built by column type (the
        values as read, then the relations and selections replaced), the same values without
        one call per cell."""
        many2ones = [f for f in fnames if fields_info[f]["type"] == "many2one"]
        by_cell = (
            type(self)._archive_export_value
            is not CustomerArchiveArchiveListXlsx._archive_export_value
        )
        known = {}  # names found in the previous batches (types, tiers, regions, users...)
        for batch_ids in split_every(self._batch_size, records.ids):
            batch = records.browse(batch_ids)
            rows = self._archive_export_read(batch, fnames)
            names = self._archive_export_names(records, rows, many2ones, known=known)
            if by_cell:
                for values in rows:
                    yield [
                        self._archive_export_value(fields_info[f], values[f], names.get(f))
                        for f in fnames
                    ]
            else:
                yield from self._archive_export_rows_by_column(rows, fnames, fields_info, names)
            # Drop the batch from the cache: memory stays flat however many archives.
            self.env.invalidate_all()

    @api.model
    def _archive_export_column_source(self, field):
        """The stored field whose cached values give ``field``'s read() value as they are (the
        field itself, or the column of the same record it is related to), or None when the
        field is read with read() (other types, translated, company-dependent, computed)."""
        source = field
        if field.related and "." not in field.related and not field.store:
            # read() computes it as superuser from that column: same value, no access check
            # on the column that the user's fetch could fail
            source = self.env[field.model_name]._fields.get(field.related)
            if source is None or source.type != field.type or source.groups:
                return None
        if (
            source.store
            and source.type in COLUMN_TYPES
            and not source.translate
            and not source.company_dependent
        ):
            return source
        return None

    @api.model
    def _archive_export_read(self, batch, fnames):
        """``batch.read(fnames, load=None)``, as the current user: the same access checks
        (fields, record rules), values and masking. The plain stored columns (and fields
        related to one of them on the same record) are selected as ``fetch()`` selects them
        (same query: the user's record rules, pending writes flushed) and converted column by
        column, as ``read()`` converts them cell by cell through the record and the cache (half
        the time of an export of 100,000 archives); the other fields are read with ``read()``.
        Falls back to ``read()`` when a record is missing or a value is waiting to be
        computed."""
        fnames = batch.check_field_access_rights("read", fnames)
        sources = {}
        for fname in fnames:
            source = self._archive_export_column_source(batch._fields[fname])
            if source is not None:
                sources[fname] = source
        if any(self.env.records_to_compute(source) for source in sources.values()):
            # values waiting to be computed: read() computes them first
            return batch.read(fnames, load=None)
        others = [fname for fname in fnames if fname not in sources]
        columns = self._archive_export_select(batch, set(sources.values()))
        if columns is None:  # a record vanished or is no longer readable: read() says which
            return batch.read(fnames, load=None)
        names = ["id", *sources]
        values = [batch.ids] + [
            self._archive_export_read_values(source, columns[source], batch)
            for source in sources.values()
        ]
        rows = [dict(zip(names, row)) for row in zip(*values)]  # by row, in one pass
        if others:
            other_rows = batch.read(others, load=None)
            if len(other_rows) != len(batch):
                return batch.read(fnames, load=None)
            for row, other in zip(rows, other_rows):
                row.update(other)
        return batch._archive_mask_read_rows(rows, list(sources))

    @api.model
    def _archive_export_select(self, batch, fields_):
        """{field: [value of each record of ``batch``, in its order]} of the stored columns
        ``fields_``, selected by the query of ``fetch()`` (``_search`` as the current user:
        model access and record rules; the columns' pending writes flushed) without going
        through the record cache; None when some record of ``batch`` is not in the result."""
        if not fields_:
            return {}
        fields_ = list(fields_)
        table = batch._table
        query = batch.with_context(active_test=False)._search([("id", "in", batch.ids)])
        terms = [SQL.identifier(table, "id")]
        terms += [batch._field_to_sql(table, field.name, query) for field in fields_]
        found = {row[0]: row for row in self.env.execute_query(query.select(*terms))}
        if len(found) != len(batch):
            return None
        ordered = [found[record_id] for record_id in batch.ids]
        return {field: [row[col] for row in ordered] for col, field in enumerate(fields_, start=1)}

    @api.model
    def _archive_export_read_values(self, field, values, records):
        """The values read() gives (load=None) for the column ``values`` of ``field`` (as
        selected, which is also their cache format for the field types of COLUMN_TYPES):
        the conversions of these types (cache format to record format to read format), one
        list per column."""
        ftype = field.type
        if ftype == "many2one":  # the id
            return [value or False for value in values]
        if ftype in ("char", "text", "selection", "date", "datetime"):
            return [False if value is None else value for value in values]
        if ftype in ("float", "monetary"):
            return [value or 0.0 for value in values]
        if ftype == "boolean":
            return [bool(value) for value in values]
        to_record, to_read = field.convert_to_record, field.convert_to_read
        return [to_read(to_record(value, records), records, False) for value in values]

    @api.model
    def _archive_export_rows_by_column(self, rows, fnames, fields_info, names):
        """The rows of :meth:`_archive_export_value` for the values of ``rows``, column by
        column type: relations by their display name (``names``), many2many and one2many
        empty, selections by their label, anything else as read. Each column is converted in
        one list, the rows are its transposition (tuples)."""
        columns = []
        for fname in fnames:
            info = fields_info[fname]
            values = list(map(itemgetter(fname), rows))
            if info["type"] == "many2one":
                lookup = names.get(fname) or {}
                values = [lookup.get(value, value) if value else None for value in values]
            elif info["type"] in ("many2many", "one2many"):
                values = [None] * len(values)
            elif info["type"] == "selection":
                labels = info["labels"]
                values = [labels.get(value, value) if value else value for value in values]
            columns.append(values)
        return zip(*columns) if columns else [()] * len(rows)

    @api.model
    def _archive_export_names(self, records, rows, many2ones, known=None):
        """{field: {id: display name}} of the many2one values of ``rows``, one lookup per
        related model and batch (read() would build one superuser environment per value).
        ``known``: the same dict from the previous batches of the export, updated and returned
        (only the ids not in it are looked up; kept to a few thousand names per field)."""
        names = known if known is not None else {}
        for fname in many2ones:
            found = names.setdefault(fname, {})
            ids = {values[fname] for values in rows if isinstance(values[fname], int)}
            if len(found) + len(ids) > NAMES_KEPT:
                found.clear()
            ids.difference_update(found)
            if not ids:
                continue
            comodel = self.env[records._fields[fname].comodel_name]
            # sudo: as read() does, the name of a linked record is shown with the archive
            # whether or not the user may open that record (visibility is the archive's).
            found.update((rec.id, rec.display_name) for rec in comodel.browse(ids).sudo())
        return names

    def _log_archive_export(self, records):
        """The export in the access log: one entry with the archives and their count."""
        self.env["customer.archive.access.log"]._log(
            "export", records, detail=self.env._("Excel export"), record_count=len(records)
        )

    @api.model
    def action_export_archives(self, records, active_domain=None):
        """Download action of the list's action menu for the selected ``records``: all the
        archives of the list's domain when every matching record is selected (the web client
        sends at most ``web.active_ids_limit`` ids), the selected ones otherwise."""
        self._check_report_access()
        domain = [("id", "in", records.ids)]
        if active_domain:
            limit = int(
                # sudo: reading a technical setting every user's web client also reads.
                self.env["ir.config_parameter"].sudo().get_param("web.active_ids_limit", 20000)
            )
            if len(records) >= limit or len(records) == records.search_count(active_domain):
                domain = active_domain
        return self.action_download({"domain": domain})
