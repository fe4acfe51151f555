"""Export and import of customer data: archive managers only (客户信息导出导入仅限档案管理员).

The check sits in ``export_data`` (called by /web/export/csv and /web/export/xlsx, including
"export all" of a list) and ``load`` (base_import and the external API), so no client can avoid it.
res.partner is guarded for archives and their contacts only; the addon's own models that hold
customer data (visits, tier history, public pool history, reminders, shares) are guarded whole.
Every export and import is written to the access log with its number of records.
"""

from odoo import api, models
from odoo.exceptions import AccessError

from .customer_archive_markers import CustomerArchiveImportTracker


class CustomerArchiveDataGuard(models.AbstractModel):
    _name = "customer.archive.data.guard"
    _description = "Customer Archive Export and Import Guard"

    @api.model
    def _archive_data_guard_partners(self, records):
        """The archives whose data ``records`` carry (override per model)."""
        return records.mapped("partner_id").archive_root_id

    @api.model
    def _archive_data_guard_import_fields(self):
        """Field names whose presence in an import makes it an import of archive data."""
        return set()

    @api.model
    def _archive_data_transfer_allowed(self):
        return self.env.su or self.env.user._is_archive_manager()

    @api.model
    def _raise_archive_transfer_error(self, operation):
        model = self.env["ir.model"]._get(self._name).name or self._name
        if operation == "export":
            message = self.env._(
                "Only archive managers can export customer archive data (%(model)s). "
                "Ask an archive manager to export it for you.",
                model=model,
            )
        else:
            message = self.env._(
                "Only archive managers can import customer archive data (%(model)s). "
                "Ask an archive manager to import it for you.",
                model=model,
            )
        raise AccessError(message)

    def _archive_data_is_guarded(self):
        """Whether these records hold customer archive data."""
        return bool(self)

    def export_data(self, fields_to_export):
        guarded = self._archive_data_is_guarded()
        if guarded and not self._archive_data_transfer_allowed():
            self._raise_archive_transfer_error("export")
        result = super().export_data(fields_to_export)
        if guarded:
            self.env["customer.archive.access.log"]._log(
                "export",
                self._archive_data_guard_partners(self),
                record_count=len(self),
                detail="%s: %s" % (self._name, ", ".join(fields_to_export)),
            )
        return result

    @api.model
    def load(self, fields, data):
        allowed = self._archive_data_transfer_allowed()
        names = {f.split("/")[0] for f in fields}
        declared = self._archive_data_is_guarded_import(names)
        if declared and not allowed:
            self._raise_archive_transfer_error("import")
        # Archives created or changed at any depth of the file (nested one2many columns) are
        # collected by res.partner's create/write, which refuse them for non-managers.
        tracker = CustomerArchiveImportTracker()
        result = super(
            CustomerArchiveDataGuard, self.with_context(customer_archive_import_tracker=tracker)
        ).load(fields, data)
        records = self.browse([rid for rid in (result.get("ids") or []) if rid])
        guarded = declared or records._archive_data_is_guarded() or tracker.partners
        if (guarded or tracker.refused) and not allowed:
            # Rows that updated existing archives (by id or external id): undone by the error.
            self._raise_archive_transfer_error("import")
        if guarded and records:
            partners = self._archive_data_guard_partners(records) | self.env["res.partner"].browse(
                tracker.partners
            )
            self.env["customer.archive.access.log"]._log(
                "import",
                partners,
                record_count=len(records),
                detail="%s: %s" % (self._name, ", ".join(fields)),
            )
        return result

    @api.model
    def _archive_data_is_guarded_import(self, field_names):
        """Whether an import with these columns is an import of archive data, before it runs."""
        return True


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.archive.data.guard"]

    @api.model
    def load(self, fields, data):
        # res.partner.load of models/res_partner.py is not marked @api.model, and it comes first
        # in the method resolution order: without this, load() over RPC would take the field
        # list for record ids. The guard runs further down the chain.
        return super().load(fields, data)

    @api.model
    def _archive_data_guard_partners(self, records):
        return records.archive_root_id

    def _archive_data_is_guarded(self):
        return bool(self.filtered("archive_root_id"))

    @api.model
    def _archive_data_guard_import_fields(self):
        """Columns that only make sense for archives: their presence marks an archive import."""
        return {
            "is_customer_archive",
            "archive_number",
            "keeper_id",
            "credit_code",
            "resident_id",
            "customer_type_id",
            "source_id",
            "region_id",
            "archive_status_id",
            "confidentiality_level",
        }

    @api.model
    def _archive_data_is_guarded_import(self, field_names):
        return bool(
            self.env.context.get("customer_archive_import")
            or self.env.context.get("default_is_customer_archive")
            or field_names & self._archive_data_guard_import_fields()
        )


class CustomerArchiveVisit(models.Model):
    _name = "customer.archive.visit"
    _inherit = ["customer.archive.visit", "customer.archive.data.guard"]


class CustomerArchiveTierHistory(models.Model):
    _name = "customer.archive.tier.history"
    _inherit = ["customer.archive.tier.history", "customer.archive.data.guard"]


class CustomerArchivePoolHistory(models.Model):
    _name = "customer.archive.pool.history"
    _inherit = ["customer.archive.pool.history", "customer.archive.data.guard"]


class CustomerArchiveReminder(models.Model):
    _name = "customer.archive.reminder"
    _inherit = ["customer.archive.reminder", "customer.archive.data.guard"]


class CustomerArchiveShare(models.Model):
    _name = "customer.archive.share"
    _inherit = ["customer.archive.share", "customer.archive.data.guard"]
