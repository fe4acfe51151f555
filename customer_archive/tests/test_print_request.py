from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .print_common import PrintCase


@tagged("post_install", "-at_install")
class TestPrintRequest(PrintCase):
    """Controlled printing (受控打印): request → approval → printing → return / destruction."""

    def _log_count(self, event, partners):
        return (
            self.env["customer.archive.access.log"]
            .sudo()
            .search_count([("event", "=", event), ("partner_id", "in", partners.ids)])
        )

    # ------------------------------------------------------------------
    # Printing is refused outside an approved request
    # ------------------------------------------------------------------
    def test_01_print_without_request_refused(self):
        """No request, a draft, a submitted or a rejected request: the card is not rendered,
        in PDF nor in HTML, and nothing is registered."""
        with self.assertRaises(AccessError):
            self._render_html(self.archive)
        request = self._request(self.archive, submit=False)
        with self.assertRaises(AccessError):
            self._render_html(self.archive)
        request.action_submit()
        with self.assertRaises(AccessError):
            self._render_pdf(self.archive)
        self.env["customer.archive.print.reject"].with_user(self.user_manager).create(
            {"request_id": request.id, "reason": "用途不明确"}
        ).action_confirm()
        self.assertEqual(request.state, "rejected")
        with self.assertRaises(AccessError):
            self._render_html(self.archive, data={"print_request_id": request.id})
        self.assertFalse(self.Copy.sudo().search([("request_id", "=", request.id)]))

    def test_02_copies_are_a_limit_and_close_the_request(self):
        request = self._approved_request(self.archive, copies=2)
        self._render_html(self.archive)
        self._render_html(self.archive, data={"print_request_id": request.id})
        self.assertEqual(request.copies_printed, 2)
        self.assertEqual(request.state, "done")
        serials = request.copy_ids.mapped("name")
        self.assertEqual(len(set(serials)), 2)
        with self.assertRaises(AccessError):
            self._render_html(self.archive)
        self.assertEqual(len(request.copy_ids), 2)

    def test_03_only_covered_archives_of_own_request(self):
        """A request covers its archives only, and only its requester prints it."""
        request = self._approved_request(self.archive)
        with self.assertRaises(AccessError):
            self._render_html(self.archive | self.archive_2)
        with self.assertRaises(AccessError):
            self._render_html(self.archive_2, data={"print_request_id": request.id})
        # The approving manager cannot print the officer's request.
        with self.assertRaises(AccessError):
            self._render_html(self.archive, user=self.user_manager)
        with self.assertRaises(AccessError):
            self._render_html(
                self.archive, user=self.user_manager, data={"print_request_id": request.id}
            )
        self.assertFalse(request.copy_ids)

    def test_03b_archive_no_longer_visible_is_not_printed(self):
        """A request covers ids; the card is still read as the requester: an archive of the
        request the requester can no longer see (made secret and given to others after the
        approval) is refused, alone or with a visible one, and no copy is counted."""
        request = self._approved_request(self.archive | self.archive_2, copies=2)
        self.archive_2.write(
            {
                "confidentiality_level": "secret",
                "user_id": self.user_salesperson.id,
                "keeper_id": self.user_manager.id,
            }
        )
        self.assertFalse(
            self.Partner.with_user(self.user_officer).search([("id", "=", self.archive_2.id)]),
            "the officer no longer sees the secret archive",
        )
        for partners in (self.archive_2, self.archive | self.archive_2):
            with self.assertRaises(AccessError):
                self._render_html(partners, data={"print_request_id": request.id})
            with self.assertRaises(AccessError):
                self._render_html(partners)
        self.assertFalse(request.copy_ids)
        self.assertEqual(request.copies_left, 2)
        # The archive still visible prints under the same request.
        self.assertIn("杭州文华客户服务有限公司", self._render_html(self.archive))
        self.assertEqual(len(request.copy_ids), 1)

    def test_04_expired_request_refused_and_cron_expires(self):
        request = self._approved_request(self.archive)
        request.sudo().date_expiry = self.today - timedelta(days=1)
        with self.assertRaises(AccessError):
            self._render_html(self.archive)
        self.assertEqual(self.Request._cron_expire_print_requests(), 1)
        self.assertEqual(request.state, "expired")
        with self.assertRaises(ValidationError):
            self._request(self.archive, submit=False, date_expiry=self.today - timedelta(days=2))

    # ------------------------------------------------------------------
    # Roles and separation of duties
    # ------------------------------------------------------------------
    def test_05_archive_user_cannot_request_or_print(self):
        with self.assertRaises(AccessError):
            self._request(self.archive, user=self.user_salesperson)
        with self.assertRaises(AccessError):
            self._render_html(self.archive, user=self.user_salesperson)
        with self.assertRaises(AccessError):
            self.Request.with_user(self.user_salesperson).search([])
        with self.assertRaises(AccessError):
            self.Copy.with_user(self.user_salesperson).search([])

    def test_06_officer_requests_manager_approves_not_own(self):
        request = self._request(self.archive)
        self.assertEqual(request.state, "submitted")
        with self.assertRaises(AccessError):
            request.with_user(self.user_officer).action_approve()
        # A manager's own request waits for another manager.
        own = self._request(self.archive, user=self.user_manager)
        with self.assertRaises(AccessError):
            own.with_user(self.user_manager).action_approve()
        own.with_user(self.user_manager_2).action_approve()
        self.assertEqual(own.approver_id, self.user_manager_2)
        request.with_user(self.user_manager).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approver_id, self.user_manager)
        self.assertTrue(request.decided_on)

    def test_07_flow_fields_not_writable(self):
        """Nobody approves by writing the state; a submitted request is frozen; an officer
        sees only their own requests."""
        request = self._request(self.archive)
        for user in (self.user_officer, self.user_manager):
            with self.assertRaises(AccessError):
                request.with_user(user).write({"state": "approved"})
        with self.assertRaises(AccessError):
            request.with_user(self.user_manager).write({"approver_id": self.user_manager.id})
        with self.assertRaises(UserError):
            request.with_user(self.user_officer).write({"copies": 50})
        with self.assertRaises(AccessError):
            self.Request.with_user(self.user_officer).create(
                {
                    "partner_ids": [Command.set(self.archive.ids)],
                    "purpose": "x",
                    "state": "approved",
                }
            )
        other = self._request(self.archive, user=self.user_manager)
        visible = self.Request.with_user(self.user_officer).search([])
        self.assertIn(request, visible)
        self.assertNotIn(other, visible)
        self.assertIn(other, self.Request.with_user(self.user_manager_2).search([]))
        self.assertEqual(request.copies, 1)

    def test_08_return_and_destruction_register(self):
        """Managers record return and destruction; destruction needs a witness other than the
        destroyer, date and method; a destroyed copy is final."""
        request = self._approved_request(self.archive)
        self._render_html(self.archive)
        copy = request.copy_ids
        self.assertEqual(copy.state, "printed")
        self.assertEqual(copy.printed_by_id, self.user_officer)
        with self.assertRaises(AccessError):
            copy.with_user(self.user_officer).action_return()
        with self.assertRaises(AccessError):
            copy.with_user(self.user_officer).write({"destruction_method": "shred"})
        copy.with_user(self.user_manager).action_return()
        self.assertEqual(copy.state, "returned")
        self.assertEqual(copy.return_date, self.today)
        manager_copy = copy.with_user(self.user_manager)
        with self.assertRaises(UserError):
            manager_copy.action_destroy()  # nothing recorded yet
        with self.assertRaises(ValidationError):
            manager_copy.write(
                {"destroyed_by_id": self.user_manager.id, "witness_id": self.user_manager.id}
            )
        manager_copy.write(
            {
                "destroyed_by_id": self.user_manager.id,
                "witness_id": self.user_manager_2.id,
                "destruction_date": self.today,
                "destruction_method": "shred",
            }
        )
        manager_copy.action_destroy()
        self.assertEqual(copy.state, "destroyed")
        with self.assertRaises(UserError):
            manager_copy.write({"destruction_method": "pulp"})
        with self.assertRaises(AccessError):
            manager_copy.write({"state": "printed"})

    def test_09_request_from_archive_form(self):
        """Request Print on the archive opens a request for it; the form submits it."""
        action = self.archive.with_user(self.user_officer).action_request_print()
        form = Form(self.Request.with_user(self.user_officer).with_context(**action["context"]))
        form.purpose = "年度客户核查"
        request = form.save()
        self.assertEqual(request.partner_ids, self.archive)
        self.assertEqual(request.requester_id, self.user_officer)
        self.assertTrue(request.name.startswith("DYSQ"))
        request.action_submit()
        request.with_user(self.user_manager).action_approve()
        action = self.archive.with_user(self.user_officer).action_print_archive_card()
        self.assertEqual(action["report_name"], "customer_archive.report_archive_card")
        self.assertEqual(action["data"]["print_request_id"], request.id)

    def test_10_access_log_events(self):
        """Request, approval, rejection, print, return and destruction are logged."""
        request = self._approved_request(self.archive)
        rejected = self._request(self.archive)
        rejected.with_user(self.user_manager).action_reject(reason="不需要")
        self._render_html(self.archive)
        copy = request.copy_ids.with_user(self.user_manager)
        copy.action_return()
        copy.write(
            {
                "destroyed_by_id": self.user_manager.id,
                "witness_id": self.user_manager_2.id,
                "destruction_date": self.today,
                "destruction_method": "shred",
            }
        )
        copy.action_destroy()
        for event, count in (
            ("print_request", 2),
            ("print_approve", 1),
            ("print_reject", 1),
            ("print", 1),
            ("print_return", 1),
            ("print_destroy", 1),
        ):
            self.assertEqual(self._log_count(event, self.archive), count, event)
