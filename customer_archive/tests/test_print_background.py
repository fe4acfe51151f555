"""Large batches of archive cards are printed in the background and linked in the Inbox."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .print_common import REPORT, PrintCase, pdf_text

THRESHOLD = "customer_archive.print_background_threshold"


@tagged("post_install", "-at_install")
class TestPrintBackground(PrintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive_3 = cls._create_archive("温州第三客户电器有限公司", user_id=cls.user_officer.id)
        cls.batch = cls.archive | cls.archive_2 | cls.archive_3
        cls.Job = cls.env["customer.archive.print.job"]
        cls.env["ir.config_parameter"].set_param(THRESHOLD, "2")

    def _run_jobs(self):
        # the scheduled action, as the cron runs it (PDFs are rendered in tests only when forced)
        self.Job.with_context(force_report_rendering=True)._cron_render_print_jobs()

    def test_small_batch_prints_at_once(self):
        request = self._approved_request(self.archive | self.archive_2)
        action = request.with_user(self.user_officer).action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertFalse(self.Job.search([("request_id", "=", request.id)]))

    def test_large_batch_in_background_with_inbox_link(self):
        request = self._approved_request(self.batch)
        action = request.with_user(self.user_officer).action_print()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("3", action["params"]["message"])
        job = self.Job.search([("request_id", "=", request.id)])
        self.assertEqual(
            (job.state, job.archive_count, job.user_id), ("queued", 3, self.user_officer)
        )
        self.assertFalse(request.copy_ids, "no copy counts before the cards are printed")
        # the one copy of the request is being printed: a second print is refused
        with self.assertRaises(UserError):
            request.with_user(self.user_officer).action_print()

        self._run_jobs()
        self.assertEqual(job.state, "done")
        self.assertEqual(len(request.copy_ids), 1)
        self.assertEqual(job.copy_id, request.copy_ids)
        text = pdf_text(job.attachment_id.raw)
        for archive in self.batch:
            self.assertIn(archive.name, text)
        self.assertIn(request.copy_ids.name, text, "the controlled copy's serial is stamped")
        # the requester is notified in the Inbox with a link to the file
        message = request.message_ids.filtered(
            lambda m: (
                self.user_officer.partner_id in m.notified_partner_ids
                and f"/web/content/{job.attachment_id.id}" in m.body
            )
        )
        self.assertEqual(len(message), 1)
        self.assertIn("<a href=", message.body)
        log = self.env["customer.archive.access.log"].search(
            [("event", "=", "print"), ("detail", "=", request.copy_ids.name)]
        )
        self.assertEqual(log.user_id, self.user_officer, "printed as the requester")

    def test_job_and_file_are_the_requesters(self):
        request = self._approved_request(self.batch)
        request.with_user(self.user_officer).action_print()
        self._run_jobs()
        job = self.Job.search([("request_id", "=", request.id)])
        other_officer = self.user_officer.copy({"login": "test_ca_officer_other_print"})
        self.assertFalse(self.Job.with_user(other_officer).search([("id", "=", job.id)]))
        with self.assertRaises(AccessError):
            job.attachment_id.with_user(other_officer).read(["datas"])
        with self.assertRaises(AccessError):
            job.attachment_id.with_user(self.user_salesperson).read(["datas"])
        self.assertTrue(job.attachment_id.with_user(self.user_officer).read(["datas"])[0]["datas"])
        self.assertTrue(self.Job.with_user(self.user_manager).search([("id", "=", job.id)]))
        # nobody writes jobs but the flow, over any method
        for user in (self.user_officer, self.user_manager):
            with self.assertRaises(AccessError):
                self.Job.with_user(user).create(
                    {
                        "request_id": request.id,
                        "user_id": user.id,
                        "company_id": request.company_id.id,
                    }
                )
            with self.assertRaises(AccessError):
                job.with_user(user).write({"state": "queued"})

    def test_job_fails_cleanly_when_the_request_expired(self):
        request = self._approved_request(self.batch)
        request.with_user(self.user_officer).action_print()
        job = self.Job.search([("request_id", "=", request.id)])
        request.sudo().write({"state": "expired"})
        self._run_jobs()
        self.assertEqual(job.state, "failed")
        self.assertIn(request.name, job.error)
        self.assertFalse(request.copy_ids, "nothing printed, no copy counted")
        self.assertFalse(job.attachment_id)
        self.assertTrue(
            request.message_ids.filtered(
                lambda m: (
                    self.user_officer.partner_id in m.notified_partner_ids
                    and job.error[:20] in m.body
                )
            )
        )

    def test_threshold_setting(self):
        self.env["ir.config_parameter"].set_param(THRESHOLD, "")
        self.assertEqual(self.Job._get_background_threshold(), 50)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"archive_print_background_threshold": 0})
        settings = self.env["res.config.settings"].create(
            {"archive_print_background_threshold": 80}
        )
        settings.execute()
        self.assertEqual(self.Job._get_background_threshold(), 80)

    def test_cards_outside_the_request_refused_before_queueing(self):
        request = self._approved_request(self.archive | self.archive_2)
        with self.assertRaises(AccessError):
            request.with_user(self.user_officer).action_print_partners(self.batch)
        self.assertFalse(self.Job.search([("request_id", "=", request.id)]))

    def test_each_job_links_the_copy_its_rendering_registered(self):
        """Two cron workers render two jobs of one request at once, and the requester prints
        one card of it in the browser meanwhile: each job links the copy its own rendering
        registered (its archives, its serial on its file), never the request's newest."""
        archive_4 = self._create_archive("台州第四客户机械有限公司", user_id=self.user_officer.id)
        request = self._approved_request(self.batch | archive_4, copies=3)
        officer_request = request.with_user(self.user_officer)
        officer_request.action_print_partners(self.batch)
        officer_request.action_print_partners(self.archive_2 | self.archive_3 | archive_4)
        job_a, job_b = self.Job.search([("request_id", "=", request.id)], order="id")
        # worker 1 renders job A (its copy registered) ...
        worker_1 = job_a.with_context(force_report_rendering=True)
        pdf_a, copy_a = worker_1._render_pdf_as(self.user_officer)
        # ... worker 2 renders job B, then the browser prints a card, before A is linked
        job_b.with_context(force_report_rendering=True)._render()
        action = officer_request.action_print_partners(self.archive)
        self._render_pdf(self.archive, data=action["data"])
        interactive_copy = request.copy_ids.filtered(lambda c: c.partner_ids == self.archive)
        worker_1._store_file(pdf_a, copy_a)

        self.assertEqual((job_a.state, job_b.state), ("done", "done"))
        self.assertEqual(len(request.copy_ids), 3)
        self.assertEqual(len(interactive_copy), 1)
        self.assertEqual(job_a.copy_id.partner_ids, job_a.partner_ids)
        self.assertEqual(job_b.copy_id.partner_ids, job_b.partner_ids)
        self.assertEqual(
            request.copy_ids, job_a.copy_id | job_b.copy_id | interactive_copy, "three copies"
        )
        for job, other in ((job_a, job_b), (job_b, job_a)):
            text = pdf_text(job.attachment_id.raw)
            self.assertIn(job.copy_id.name, text, "the linked copy's serial is on the file")
            self.assertNotIn(other.copy_id.name, text)
            self.assertNotIn(interactive_copy.name, text)

    def test_job_whose_rendering_registered_no_copy_fails(self):
        """The card report replaced by a template that counts no copy: the job keeps no file
        and links no copy (not the copy of an earlier print of the request)."""
        request = self._approved_request(self.batch, copies=2)
        officer_request = request.with_user(self.user_officer)
        action = officer_request.action_print_partners(self.archive)
        self._render_pdf(self.archive, data=action["data"])
        earlier_copy = request.copy_ids
        self.assertEqual(len(earlier_copy), 1)
        officer_request.action_print()
        job = self.Job.search([("request_id", "=", request.id)])
        # an administrator points the card report at a template of their own
        self.env["ir.ui.view"].create(
            {
                "name": "Plain archive list",
                "type": "qweb",
                "key": "customer_archive.test_plain_archive_list",
                "arch": """<t t-name="customer_archive.test_plain_archive_list">
                    <t t-call="web.html_container">
                        <p t-foreach="docs" t-as="archive" t-out="archive.name"/>
                    </t>
                </t>""",
            }
        )
        self.env.ref(REPORT).report_name = "customer_archive.test_plain_archive_list"

        self._run_jobs()
        self.assertEqual(job.state, "failed")
        self.assertFalse(job.copy_id, "no copy linked, not the earlier print's")
        self.assertFalse(job.attachment_id, "no file without its controlled copy")
        self.assertIn(request.name, job.error)
        self.assertEqual(request.copy_ids, earlier_copy)
        self.assertEqual(
            (request.state, request.copies_left), ("approved", 1), "the request is not the cause"
        )
        self.assertTrue(
            request.message_ids.filtered(
                lambda m: (
                    self.user_officer.partner_id in m.notified_partner_ids
                    and job.error[:20] in m.body
                )
            )
        )
