from psycopg2.extras import Json

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from ..models.customer_archive_seal import seal_line_hash
from .common import CustomerArchiveCase, valid_ric
from .print_common import pdf_text


@tagged("post_install", "-at_install")
class TestAnnualSeal(CustomerArchiveCase):
    """Annual seal (年度封存): every archive card sealed with its hash, in resumable batches,
    immutable for everyone, verified, printed from the sealed data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive = cls._create_archive(
            "封存测试贸易有限公司", legal_representative="王封存", archive_company_id=cls.company.id
        )
        cls.person = cls.Partner.create(
            {
                "name": "封存个人客户",
                "is_company": False,
                "is_customer_archive": True,
                "archive_company_id": cls.company.id,
                "resident_id": valid_ric("19800101", 7),
                "wechat_id": "seal_wechat_77",
            }
        )
        cls.other_company_archive = cls._create_archive(
            "第二公司封存客户", archive_company_id=cls.company_2.id
        )
        cls.Seal = cls.env["customer.archive.seal"]
        cls.Line = cls.env["customer.archive.seal.line"]
        cls.admin = cls.env.ref("base.user_admin")

    def _archive_total(self, company=None):
        return self.Partner.with_context(active_test=False).search_count(
            [
                ("is_customer_archive", "=", True),
                ("archive_company_id", "=", (company or self.company).id),
            ]
        )

    def _new_seal(self, **vals):
        return self.Seal.with_user(self.user_manager).create(
            {
                "year": self.today.year,
                "date": self.today,
                "batch_size": 5,
                "pdf_sample_size": 0,
                **vals,
            }
        )

    def _sealed(self, **vals):
        seal = self._new_seal(**vals)
        seal.action_seal()
        self.Seal._cron_seal_archives(commit=False)
        return seal

    def test_01_seal_every_archive(self):
        """Every archive of the company gets one sealed card with its data in clear and a
        hash; the seal is done and Verify finds it intact."""
        seal = self._sealed()
        self.assertEqual(seal.state, "done")
        self.assertEqual(seal.sealed_by_id, self.user_manager)
        total = self._archive_total()
        self.assertEqual(seal.archive_total, total)
        self.assertEqual(seal.archive_count, total)
        lines = self.Line.search([("seal_id", "=", seal.id)])
        self.assertEqual(len(lines), total)
        self.assertEqual(len(set(lines.archive_id.ids)), total)
        self.assertNotIn(self.other_company_archive, lines.archive_id)
        line = lines.filtered(lambda item: item.archive_id == self.person)
        text = line.data_text
        # In clear: the seal is the record (the officer sees the resident id masked).
        self.assertIn(self.person.resident_id, text)
        self.assertIn("seal_wechat_77", text)
        self.assertEqual(len(line.hash), 64)
        company_line = lines.filtered(lambda item: item.archive_id == self.archive)
        self.assertIn("王封存", company_line.data_text)
        self.assertEqual(company_line.data["name"], "封存测试贸易有限公司")
        self.assertEqual(len(seal.root_hash), 64)
        result = seal._verify()
        self.assertEqual(result, {"checked": total, "lines": [], "pdfs": [], "root_ok": True})
        notification = seal.with_user(self.user_manager).action_verify()
        self.assertEqual(notification["params"]["type"], "success")
        # An archive deleted later (its link set to NULL by PostgreSQL) leaves the seal intact.
        self.env.cr.execute(
            SQL("UPDATE customer_archive_seal_line SET archive_id = NULL WHERE id = %s", line.id)
        )
        self.env.invalidate_all()
        self.assertEqual(seal._verify()["lines"], [])
        line = line.with_env(self.env)
        # Listed per archive: the smart button of the archive counts its sealed cards.
        self.assertEqual(self.archive.with_user(self.user_manager).seal_line_count, 1)
        self.assertEqual(self.person.with_user(self.user_manager).seal_line_count, 0)

    def test_02_resume_after_kill(self):
        """A run that stops after one batch (killed) is resumed by the next run: no archive
        is sealed twice, none is missed."""
        seal = self._new_seal(batch_size=2)
        seal.action_seal()
        self.assertEqual(seal.state, "running")
        self.assertEqual(seal._run_seal(max_batches=1), 2)
        self.assertEqual(self.Line.search_count([("seal_id", "=", seal.id)]), 2)
        self.assertEqual(seal.archive_count, 2)
        self.assertEqual(seal.state, "running")
        self.Seal._cron_seal_archives(commit=False)
        total = self._archive_total()
        lines = self.Line.search([("seal_id", "=", seal.id)])
        self.assertEqual(seal.state, "done")
        self.assertEqual(len(lines), total)
        self.assertEqual(len(set(lines.archive_id.ids)), total)
        self.assertEqual(seal.archive_count, total)
        self.assertTrue(seal._verify()["root_ok"])

    def test_03_immutable_for_everyone(self):
        """Nobody changes or deletes a seal or its cards, administrators included; nobody
        creates a card outside the seal."""
        seal = self._sealed()
        line = self.Line.search([("seal_id", "=", seal.id)], limit=1)
        for user in (self.user_manager, self.admin):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError), self.cr.savepoint():
                    line.with_user(user).write({"hash": "0" * 64})
                # No delete right on sealed cards (ACL), and the model refuses anyway.
                with self.assertRaises(AccessError), self.cr.savepoint():
                    line.with_user(user).unlink()
                with self.assertRaises(UserError), self.cr.savepoint():
                    self.Line.with_user(user).create(
                        {"seal_id": seal.id, "company_id": self.company.id, "hash": "x"}
                    )
                with self.assertRaises(UserError), self.cr.savepoint():
                    seal.with_user(user).write({"year": 1999})
                with self.assertRaises(UserError), self.cr.savepoint():
                    seal.with_user(user).unlink()
        with self.assertRaises(UserError), self.cr.savepoint():
            line.sudo().write({"data": {"name": "x"}})
        with self.assertRaises(UserError), self.cr.savepoint():
            line.sudo().unlink()
        with self.assertRaises(UserError), self.cr.savepoint():
            self.Line.sudo().create({"seal_id": seal.id, "company_id": self.company.id})
        with self.assertRaises(UserError), self.cr.savepoint():
            seal.sudo().write({"state": "draft"})
        self.assertEqual(seal.year, self.today.year)
        self.assertTrue(line.exists())
        self.assertTrue(seal._verify()["root_ok"])
        # A draft seal (nothing sealed yet) can still be corrected or dropped.
        draft = self._new_seal(year=self.today.year - 1)
        draft.write({"note": "试运行"})
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_04_verify_detects_tampering(self):
        """A sealed card changed through SQL is reported by Verify, with its archive number;
        changing its hash too is caught by the seal's root hash."""
        seal = self._sealed()
        line = self.Line.search([("seal_id", "=", seal.id), ("archive_id", "=", self.archive.id)])
        data = dict(line.data, name="被篡改的公司")
        self.env.cr.execute(
            SQL(
                "UPDATE customer_archive_seal_line SET data = %s WHERE id = %s", Json(data), line.id
            )
        )
        self.env.invalidate_all()
        result = seal._verify()
        self.assertEqual(result["lines"], [line.id])
        notification = seal.with_user(self.user_manager).action_verify()
        self.assertEqual(notification["params"]["type"], "danger")
        self.assertIn(line.archive_number, notification["params"]["message"])
        # Whoever rewrites the hash to match is caught by the root hash of the seal.
        forged = seal_line_hash(seal.year, self.archive.id, line.archive_number, data)
        self.env.cr.execute(
            SQL("UPDATE customer_archive_seal_line SET hash = %s WHERE id = %s", forged, line.id)
        )
        self.env.invalidate_all()
        result = seal._verify()
        self.assertEqual(result["lines"], [])
        self.assertFalse(result["root_ok"])
        # A card deleted through SQL: the root hash again.
        other = self._sealed(year=self.today.year - 1)
        self.env.cr.execute(
            SQL(
                "DELETE FROM customer_archive_seal_line WHERE seal_id = %s AND archive_id = %s",
                other.id,
                self.person.id,
            )
        )
        self.assertFalse(other._verify()["root_ok"])

    def test_05_only_managers(self):
        """Archive users and officers neither start seals nor read sealed cards; a manager
        reads those of their companies only."""
        seal = self._sealed()
        line = self.Line.search([("seal_id", "=", seal.id)], limit=1)
        for user in (self.user_salesperson, self.user_officer):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError), self.cr.savepoint():
                    line.with_user(user).read(["data"])
                with self.assertRaises(AccessError), self.cr.savepoint():
                    self.Line.with_user(user).search([])
                with self.assertRaises(AccessError), self.cr.savepoint():
                    seal.with_user(user).read(["name"])
                with self.assertRaises(AccessError), self.cr.savepoint():
                    self.Seal.with_user(user).create({"year": 2000, "date": self.today})
                with self.assertRaises(AccessError), self.cr.savepoint():
                    seal.with_user(user).action_verify()
        self.assertTrue(line.with_user(self.user_manager).read(["data"])[0]["data"])
        # The second company's seal is not visible to a manager of the first company only.
        seal_2 = self.Seal.create(
            {"year": self.today.year, "date": self.today, "company_id": self.company_2.id}
        )
        seal_2.action_seal()
        self.Seal._cron_seal_archives(commit=False)
        self.assertEqual(seal_2.archive_count, self._archive_total(self.company_2))
        self.assertFalse(
            self.Line.with_user(self.user_manager).search([("seal_id", "=", seal_2.id)])
        )
        # One seal per company and year.
        again = self._new_seal()
        with self.assertRaises(UserError):
            again.action_seal()

    def test_06_scheduled_seal_waits_for_its_date(self):
        """A seal dated 31 December (the default) waits for that day."""
        seal = self.Seal.with_user(self.user_manager).create({"year": self.today.year + 1})
        self.assertEqual((seal.date.month, seal.date.day), (12, 31))
        seal.action_seal()
        self.assertEqual(seal.state, "scheduled")
        self.Seal._cron_seal_archives(commit=False)
        self.assertEqual(seal.state, "scheduled")
        self.assertFalse(self.Line.search_count([("seal_id", "=", seal.id)]))

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_07_sealed_pdf_card(self):
        """The PDF card of a sample line shows the sealed data (pdftotext), even after the
        archive changed; its hash is verified too."""
        seal = self._new_seal(pdf_sample_size=1)
        seal.action_seal()
        self.Seal._cron_seal_archives(commit=False)
        self.assertEqual(seal.pdf_count, 1)
        line = self.Line.search([("seal_id", "=", seal.id), ("pdf_attachment_id", "!=", False)])
        self.assertEqual(len(line), 1)
        text = pdf_text(line.pdf_attachment_id.raw)
        self.assertIn("SEALED COPY", text)
        self.assertIn(line.archive_number, text)
        self.assertIn(line.hash, text)
        # Printed again later: from the sealed data, not the archive as it is today.
        archive_line = self.Line.search(
            [("seal_id", "=", seal.id), ("archive_id", "=", self.archive.id)]
        )
        self.archive.write({"legal_representative": "李改名"})
        report = (
            self.env["ir.actions.report"]
            .with_user(self.user_manager)
            .with_context(force_report_rendering=True)
        )
        pdf, kind = report._render_qweb_pdf(
            "customer_archive.action_report_customer_archive_seal_card", archive_line.ids
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        self.assertIn("王封存", text)
        self.assertNotIn("李改名", text)
        self.assertEqual(seal._verify()["pdfs"], [])
        # The kept PDF replaced by SQL: Verify reports it.
        self.env.cr.execute(
            SQL(
                "UPDATE customer_archive_seal_line SET pdf_hash = %s WHERE id = %s",
                "0" * 64,
                line.id,
            )
        )
        self.assertEqual(seal._verify()["pdfs"], [line.id])
        with self.assertRaises(AccessError):
            report.with_user(self.user_officer)._render_qweb_pdf(
                "customer_archive.action_report_customer_archive_seal_card", archive_line.ids
            )
