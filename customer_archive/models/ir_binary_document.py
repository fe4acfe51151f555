from odoo import models


class IrBinary(models.AbstractModel):
    """Downloads (``/web/content``, ``/web/image``) of an identity document's copy are written
    to the access log: through the document's field, or through the ``ir.attachment`` that
    holds the file. Who may download is decided before, by the field's groups (see
    models/customer_archive_document.py); other records stream as in stock Odoo."""

    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        stream = super()._record_to_stream(record, field_name)
        if record._name == "customer.archive.document" and field_name == "identity_attachment":
            record.with_env(self.env)._log_identity_copy_open()
        elif record._name == "ir.attachment" and not self.env.su:
            # sudo: where the file belongs, whatever the user may read of the attachment
            attachment = record.sudo()
            if (
                attachment.res_model == "customer.archive.document"
                and attachment.res_field == "identity_attachment"
                and attachment.res_id
            ):
                self.env["customer.archive.document"].browse(
                    attachment.res_id
                )._log_identity_copy_open()
        return stream
