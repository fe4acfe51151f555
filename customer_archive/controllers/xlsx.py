import json

from odoo import http
from odoo.exceptions import UserError
from odoo.http import content_disposition, request

from ..models.customer_archive_replica import replica_configured
from ..reports.customer_archive_abstract_xlsx import XLSX_MIMETYPE

# The Excel reports served by /customer_archive/xlsx/<name>: report.customer_archive.<name>.
XLSX_REPORTS = ("archive_list_xlsx", "statistics_xlsx", "loan_xlsx")


def _readonly_with_replica(controller):
    """With a replica (db_replica_host) the workbooks are read from it; their access log entry
    is written on the primary (customer.archive.access.log._create_entries)."""
    return replica_configured()


class CustomerArchiveXlsxController(http.Controller):
    @http.route(
        "/customer_archive/xlsx/<string:report>",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=_readonly_with_replica,
    )
    def download_xlsx(self, report, data=None):
        """The workbook of ``report`` for the logged-in user; rights are checked by the
        report (AccessError: 403, bad parameters: 400)."""
        if report not in XLSX_REPORTS:
            raise request.not_found()
        env = request.env
        try:
            values = json.loads(data) if data else {}
        except ValueError:
            values = None
        if not isinstance(values, dict):
            raise UserError(env._("The report parameters are not valid."))
        content, filename = env["report.customer_archive.%s" % report]._create_xlsx_report(values)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
