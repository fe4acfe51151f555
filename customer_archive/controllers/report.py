from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.report import ReportController

CARD_REPORT = "customer_archive.report_archive_card"


def _readonly_unless_archive_card(controller):
    """The report URLs run in a read-only transaction, except for the archive card: printing it
    registers a controlled copy (serial number) and logs the print."""
    path = request.httprequest.path if request else ""
    return CARD_REPORT not in path


class CustomerArchiveReportController(ReportController):
    @http.route(readonly=_readonly_unless_archive_card)
    def report_routes(self, reportname, docids=None, converter=None, **data):
        return super().report_routes(reportname, docids=docids, converter=converter, **data)
