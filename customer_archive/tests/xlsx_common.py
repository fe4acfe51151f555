import io
import re
import zipfile

from openpyxl import load_workbook

from .common import CustomerArchiveCase


class XlsxCase(CustomerArchiveCase):
    """Helpers to render the Excel reports and read them back with openpyxl."""

    @staticmethod
    def _workbook(content):
        return load_workbook(io.BytesIO(content))

    @staticmethod
    def _zip_members(content, pattern):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {
                name: archive.read(name).decode()
                for name in archive.namelist()
                if re.match(pattern, name)
            }

    @staticmethod
    def _rows(sheet, first_row=1):
        """Values of the rows from ``first_row`` (1-based), as lists, empty rows dropped."""
        return [
            list(row)
            for row in sheet.iter_rows(min_row=first_row, values_only=True)
            if any(value is not None for value in row)
        ]
