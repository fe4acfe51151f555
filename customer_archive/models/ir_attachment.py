import logging
import os

from odoo import models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _file_write(self, bin_value, checksum):
        """Refuse an attachment whose file could not be written whole (disk full, quota, file
        size limit): Odoo only logs the write error, and would keep a record pointing to a
        missing or truncated file (which later uploads of the same content would reuse, the
        filestore being addressed by checksum). The partial file is removed and the
        transaction fails with a clear error: nothing is saved."""
        fname = super()._file_write(bin_value, checksum)
        full_path = self._full_path(fname)
        try:
            size = os.path.getsize(full_path)
        except OSError:
            size = None
        if size != len(bin_value):
            _logger.warning(
                "attachment file %s not written whole (%s of %s bytes): refused",
                full_path,
                size,
                len(bin_value),
            )
            if size is not None:
                try:
                    os.remove(full_path)
                except OSError:
                    _logger.warning("partial attachment file %s could not be removed", full_path)
            raise UserError(
                self.env._(
                    "The file could not be stored: the server's disk is full or cannot be written "
                    "to. Nothing was saved; please tell your administrator."
                )
            )
        return fname
