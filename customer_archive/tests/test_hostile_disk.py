import base64
import errno
import os
import uuid
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .visit_common import VisitCase


class DiskFullFile:  # a plain file object, not an Odoo model
    """A file that takes half of what is written, then fails like a full disk."""

    def __init__(self, path, mode):
        self.fh = open(path, mode)  # noqa: SIM115

    def write(self, data):  # pylint: disable=method-required-super
        self.fh.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


@tagged("post_install", "-at_install")
class TestDiskFull(VisitCase):
    def test_01_upload_on_a_full_disk_saves_nothing(self):
        """A file uploaded to a visit while the disk is full: a clear error, no attachment
        record, no partial file left in the filestore; the same upload works once there is
        room again."""
        visit = self._visit()
        # unique content: the filestore is addressed by checksum and keeps files across runs
        content = f"拜访纪要 {uuid.uuid4()}：客户要求下月报价。".encode() * 5000
        Attachment = self.env["ir.attachment"].with_user(self.user_salesperson)
        vals = {
            "name": "拜访纪要.txt",
            "res_model": visit._name,
            "res_id": visit.id,
            "datas": base64.b64encode(content),
        }
        path = Attachment._full_path(
            Attachment._get_path(content, Attachment._compute_checksum(content))[0]
        )
        before = self.env["ir.attachment"].search_count([])
        with (
            patch("odoo.addons.base.models.ir_attachment.open", DiskFullFile, create=True),
            mute_logger(
                "odoo.addons.base.models.ir_attachment",
                "odoo.addons.customer_archive.models.ir_attachment",
            ),
            self.assertRaises(UserError) as error,
        ):
            Attachment.create(vals)
        self.assertIn("disk is full", str(error.exception))
        self.assertEqual(self.env["ir.attachment"].search_count([]), before)
        self.assertFalse(os.path.exists(path), "the partial file is removed")
        attachment = Attachment.create(vals)
        self.assertEqual(attachment.raw, content)
