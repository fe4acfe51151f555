from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.report import ReportController

CARD_REPORT = "customer_archive.report_archive_card"
# Reports whose rendering writes: the archive card registers a controlled copy (serial number)
# and logs the print; the personal data export logs itself in the access log.
WRITING_REPORTS = (CARD_REPORT, "customer_archive.report_subject_export")


def _readonly_unless_archive_card(controller):
    """The report URLs run in a read-only transaction, except for the reports that write."""
    path = request.httprequest.path if request else ""
    return not any(report in path for report in WRITING_REPORTS)


class CustomerArchiveReportController(ReportController):
    @http.route(readonly=_readonly_unless_archive_card)
    def report_routes(self, reportname, docids=None, converter=None, **data):
        return super().report_routes(reportname, docids=docids, converter=converter, **data)
