from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.report import ReportController

from ..models.customer_archive_replica import replica_configured

CARD_REPORT = "customer_archive.report_archive_card"
# Reports whose rendering writes: the archive card registers a controlled copy (serial number)
# and logs the print; the personal data export logs itself in the access log.
WRITING_REPORTS = (CARD_REPORT, "customer_archive.report_subject_export")


def _readonly_unless_archive_card(controller):
    """The report URLs run in a read-only transaction, except for the reports that write. With
    a replica (db_replica_host), the archive card reads from it too: its copy and print log are
    written on the primary (report.customer_archive.report_archive_card)."""
    path = request.httprequest.path if request else ""
    writing = [r for r in WRITING_REPORTS if not (r == CARD_REPORT and replica_configured())]
    return not any(report in path for report in writing)


def _readonly_archive_card_download(controller):
    """/report/download (the web client's Print) is read/write in Odoo; with a replica, the
    archive card's download reads from it like its /report/pdf URL."""
    if not (request and replica_configured()):
        return False
    return CARD_REPORT in (request.httprequest.values.get("data") or "")


class CustomerArchiveReportController(ReportController):
    @http.route(readonly=_readonly_unless_archive_card)
    def report_routes(self, reportname, docids=None, converter=None, **data):
        return super().report_routes(reportname, docids=docids, converter=converter, **data)

    @http.route(readonly=_readonly_archive_card_download)
    def report_download(self, data, context=None, token=None, readonly=True):
        return super().report_download(data, context=context, token=token, readonly=readonly)
