"""A large batch of archive cards is rendered in chunks (one HTML document and one wkhtmltopdf
run per chunk, issue #17) and reads as one controlled copy: one register row, one serial, one
request copy, pages numbered across the whole batch, cards in the order asked for."""

import re
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .print_common import PrintCase, pdf_text, pdf_text_pages

PAGE_NUMBER = re.compile(r"(\d+) / (\d+)")


@tagged("post_install", "-at_install")
class TestPrintCardChunks(PrintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive_3 = cls._create_archive("温州第三客户电器有限公司", user_id=cls.user_officer.id)
        cls.archive_4 = cls._create_archive("绍兴第四客户纺织有限公司", user_id=cls.user_officer.id)
        cls.archive_5 = cls._create_archive("嘉兴第五客户食品有限公司", user_id=cls.user_officer.id)
        # Asked for in an order that is not the order of the ids.
        cls.batch = cls.archive_4 | cls.archive_2 | cls.archive_5 | cls.archive | cls.archive_3

    def _render_chunked(self, partners, chunk_size=2, **kwargs):
        """Render the cards with ``chunk_size`` cards per wkhtmltopdf run; return the PDF and
        the number of wkhtmltopdf runs (the real engine runs each time)."""
        Report = type(self.env["ir.actions.report"])
        self.env["ir.config_parameter"].set_param("customer_archive.card_chunk_size", chunk_size)
        # a spy: the real wkhtmltopdf runs, its runs are counted
        with patch.object(
            Report, "_run_wkhtmltopdf", autospec=True, side_effect=Report._run_wkhtmltopdf
        ) as runs:
            pdf = self._render_pdf(partners, **kwargs)
        return pdf, runs.call_count

    def _card_order(self, pdf):
        """The archives in the order their cards start in the PDF."""
        text = pdf_text(pdf)
        return sorted(self.batch, key=lambda archive: text.index(archive.archive_number))

    def test_01_chunked_batch_is_one_controlled_copy(self):
        """5 cards in chunks of 2 (3 wkhtmltopdf runs): the cards in the order asked for, every
        page stamped with the one serial and numbered 1 / N ... N / N, one register row covering
        the 5 archives, one copy of the request used, as for the same print in one run."""
        request = self._approved_request(self.batch, copies=2)
        pdf, runs = self._render_chunked(self.batch)
        self.assertEqual(runs, 3)
        self.assertEqual(len(request.copy_ids), 1)
        copy = request.copy_ids
        self.assertEqual(copy.partner_ids, self.batch)
        self.assertEqual(request.copies_left, 1)
        self.assertEqual(request.state, "approved")
        self.assertEqual(self._card_order(pdf), list(self.batch))

        pages = [page for page in pdf_text_pages(pdf) if page.strip()]
        total = len(pages)
        self.assertGreaterEqual(total, 5)
        for number, page in enumerate(pages, start=1):
            self.assertIn(copy.name, page)
            self.assertIn((str(number), str(total)), PAGE_NUMBER.findall(page))

        # The same print in one run: the same pages, one more register row, one more copy.
        pdf_one_run, runs = self._render_chunked(self.batch, chunk_size=10)
        self.assertEqual(runs, 1)
        self.assertEqual(len(request.copy_ids), 2)
        self.assertEqual(request.copies_left, 0)
        self.assertEqual(request.state, "done")
        self.assertEqual(len([p for p in pdf_text_pages(pdf_one_run) if p.strip()]), total)
        self.assertEqual(self._card_order(pdf_one_run), list(self.batch))

    def test_02_chunked_print_masks_as_one_run(self):
        """The officer is not cleared for mobile numbers: a chunked print shows the contact's
        mobile masked, as the print in one run does."""
        self._approved_request(self.batch, copies=2)
        chunked = pdf_text(self._render_chunked(self.batch)[0])
        one_run = pdf_text(self._render_chunked(self.batch, chunk_size=10)[0])
        for text in (chunked, one_run):
            self.assertIn("陈文静", text)
            self.assertIn("138****5678", text)
            self.assertNotIn("13812345678", text)

    def test_03_refused_before_any_copy(self):
        """A chunked print is checked for the whole batch before anything is registered: an
        archive of the last chunk outside the request, or a salesperson printing, is refused
        and neither the register nor the request's copies change."""
        request = self._approved_request(self.batch - self.archive_3)
        with self.assertRaises(AccessError):
            self._render_chunked(self.batch, data={"print_request_id": request.id})
        with self.assertRaises(AccessError):
            self._render_chunked(self.batch - self.archive_3, user=self.user_salesperson)
        self.assertFalse(request.copy_ids)
        self.assertFalse(self.Copy.search([("partner_ids", "in", self.batch.ids)]))
        self.assertEqual(request.copies_left, 1)

    def test_04_background_job_in_chunks(self):
        """The background print job of a large batch renders it in chunks: one file with the
        5 cards in order, one copy linked to the job."""
        self.env["ir.config_parameter"].set_param(
            "customer_archive.print_background_threshold", "2"
        )
        request = self._approved_request(self.batch)
        request.with_user(self.user_officer).action_print()
        job = self.env["customer.archive.print.job"].search([("request_id", "=", request.id)])
        self.env["ir.config_parameter"].set_param("customer_archive.card_chunk_size", "2")
        self.env["customer.archive.print.job"].with_context(
            force_report_rendering=True
        )._cron_render_print_jobs()
        self.assertEqual(job.state, "done")
        self.assertEqual(job.copy_id, request.copy_ids)
        self.assertEqual(len(request.copy_ids), 1)
        pdf = job.attachment_id.raw
        self.assertEqual(self._card_order(pdf), list(job.partner_ids))
        for page in pdf_text_pages(pdf):
            if page.strip():
                self.assertIn(request.copy_ids.name, page)

    def test_05_chunk_size_setting(self):
        """The chunk size is the system parameter customer_archive.card_chunk_size; a value
        that is not a positive number means the default (100 cards: this batch in one run)."""
        self._approved_request(self.batch, copies=4)
        for bad in ("abc", "0", "-4"):
            self.assertEqual(self._render_chunked(self.batch, chunk_size=bad)[1], 1, bad)
        self.assertEqual(self._render_chunked(self.batch, chunk_size=3)[1], 2)
