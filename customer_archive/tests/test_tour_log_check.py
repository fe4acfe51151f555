import logging
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .tour_common import TourCase, _allowed


@tagged("post_install", "-at_install")
class TestTourLogCheck(TourCase):
    """The tours of the addon fail on a server log record at WARNING or above."""

    def test_01_a_refusal_logged_during_a_tour_fails_it(self):
        """A tour that succeeds in the browser but makes the server log a warning (an action
        refused with a user error) fails, naming the record."""
        user = self.env["res.users"].create(
            {
                "name": "日志巡检业务员",
                "login": "tour_log_user",
                "password": "tour_log_user",
                "lang": "en_US",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("sales_team.group_sale_salesman").id,
                            self.env.ref("customer_archive.group_archive_user").id,
                        ],
                    )
                ],
            }
        )
        customer = self.env["res.partner"].create(
            {
                "name": "杭州日志巡检有限公司",
                "is_company": True,
                "is_customer_archive": True,
                "user_id": user.id,
            }
        )
        visit = self.env["customer.archive.visit"].create(
            {
                "partner_id": customer.id,
                "user_id": user.id,
                "planned_date": fields.Datetime.now() - timedelta(hours=1),
            }
        )
        with self.assertRaises(AssertionError) as caught:
            self.start_tour(
                "/odoo/action-customer_archive.customer_archive_visit_action/%s" % visit.id,
                "customer_archive_tour_log_check_tour",
                login=user.login,
            )
        message = str(caught.exception)
        self.assertIn("The server logged 1 record(s) at WARNING or above", message)
        self.assertIn("WARNING odoo.http:", message)
        self.assertIn("杭州日志巡检有限公司", message, "the refusal's own text is listed")
        visit.invalidate_recordset()
        self.assertEqual(visit.state, "planned")

    def test_02_only_the_unpatched_qt_notes_are_allowed(self):
        """The allow-list lets wkhtmltopdf's notes about its unpatched Qt through, nothing that
        comes with them nor any other record."""

        def record(name, message, level=logging.WARNING):
            return logging.LogRecord(name, level, __file__, 1, message, None, None)

        report = "odoo.addons.base.models.ir_actions_report"
        notes = (
            "wkhtmltopdf: The switch --header-html, is not support using unpatched qt, and will "
            "be ignored.The switch --footer-html, is not support using unpatched qt, and will be "
            "ignored.QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '/tmp/runtime-root'"
        )
        self.assertTrue(_allowed(record(report, notes)))
        self.assertFalse(_allowed(record(report, notes + "Exit with code 1 due to network error")))
        self.assertFalse(_allowed(record("odoo.http", notes)))
        self.assertFalse(_allowed(record(report, "wkhtmltopdf: Warning: Failed to load file")))
