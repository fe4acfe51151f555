from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CustomerArchiveCase


@tagged("post_install", "-at_install")
class TestSupervision(CustomerArchiveCase):
    """Supervision records (保密监督): the monthly risk assessment as a signed record, the
    bi-monthly inspection checklist, the incident register and the lost printed copy, as
    each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Assessment = cls.env["customer.archive.risk.assessment"]
        cls.Inspection = cls.env["customer.archive.inspection"]
        cls.Incident = cls.env["customer.archive.incident"]
        cls.archive = cls._create_archive("监督测试有限公司", user_id=cls.user_salesperson.id)
        cls.month = cls.today.replace(day=1)

    # ------------------------------------------------------------------ risk assessments
    def test_01_monthly_record_from_the_risk_view(self):
        """The record freezes the month's figures of the risk view; the scheduled action
        creates last month's record once per company."""
        log = self.env["customer.archive.access.log"]
        log.with_user(self.user_officer)._log("export", self.archive, record_count=700)
        log.with_user(self.user_officer)._log("reveal", self.archive, field_name="mobile")
        assessment = self.Assessment.with_user(self.user_manager).create({"month": self.today})
        self.assertEqual(assessment.month, self.month)
        risk = self.env["customer.archive.risk"].search(
            [("company_id", "=", self.company.id), ("month", "=", self.month)]
        )
        self.assertEqual(assessment.export_records, sum(risk.mapped("export_records")))
        self.assertGreaterEqual(assessment.export_records, 700)
        self.assertEqual(assessment.reveal_count, sum(risk.mapped("reveal_count")))
        self.assertEqual(assessment.user_count, len(risk.user_id))
        self.assertEqual(assessment.unusual_user_count, len(risk.filtered("is_unusual").user_id))
        # Later activity does not change the record (it is a snapshot) until taken again.
        log.with_user(self.user_officer)._log("export", self.archive, record_count=5)
        assessment.invalidate_recordset()
        self.assertEqual(assessment.export_records, sum(risk.mapped("export_records")))
        before = assessment.export_records
        assessment.with_user(self.user_manager).action_refresh()
        self.assertEqual(assessment.export_records, before + 5)
        # One per company and month.
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.Assessment.create({"month": self.today})
        created = self.Assessment._cron_create_monthly_assessments()
        last_month = self.month - relativedelta(months=1)
        self.assertEqual(set(created.mapped("month")), {last_month})
        self.assertIn(self.company, created.company_id)
        self.assertFalse(self.Assessment._cron_create_monthly_assessments())

    def test_02_review_and_sign_off(self):
        """A manager writes the findings, reviews and signs off; a signed record is kept as it
        is, except its actions being marked done."""
        with Form(self.Assessment.with_user(self.user_manager)) as form:
            form.month = self.today
        assessment = form.record
        with self.assertRaises(UserError):
            assessment.with_user(self.user_manager).action_review()  # no findings yet
        assessment.with_user(self.user_manager).write(
            {
                "findings": "<p>导出量正常，一名业务员查看次数偏多。</p>",
                "action_ids": [
                    Command.create(
                        {
                            "name": "约谈业务员",
                            "owner_id": self.user_officer.id,
                            "due_date": self.today + relativedelta(days=7),
                        }
                    )
                ],
            }
        )
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_officer).action_review()
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_manager).write({"state": "signed"})
        with self.assertRaises(UserError):
            assessment.with_user(self.user_manager).action_sign()  # not reviewed yet
        assessment.with_user(self.user_manager).action_review()
        assessment.with_user(self.user_manager).action_sign()
        self.assertEqual(assessment.state, "signed")
        self.assertEqual(assessment.signed_by_id, self.user_manager)
        self.assertEqual(assessment.reviewed_by_id, self.user_manager)
        with self.assertRaises(UserError):
            assessment.with_user(self.user_manager).write({"findings": "<p>改写</p>"})
        with self.assertRaises(UserError):
            assessment.with_user(self.user_manager).unlink()
        # The owner's action is marked done by the officer.
        assessment.action_ids.with_user(self.user_officer).write({"done": True})
        self.assertEqual(assessment.action_ids.done_date, self.today)

    def test_03_assessment_access_per_role(self):
        assessment = self.Assessment.create({"month": self.today})
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_salesperson).read(["export_records"])
        self.assertEqual(
            assessment.with_user(self.user_officer).read(["state"])[0]["state"], "draft"
        )
        with self.assertRaises(AccessError):
            self.Assessment.with_user(self.user_officer).create(
                {"month": self.today - relativedelta(months=3)}
            )
        with self.assertRaises(AccessError):
            assessment.with_user(self.user_officer).write({"findings": "<p>x</p>"})
        with self.assertRaises(AccessError):
            self.env["customer.archive.rectification"].with_user(self.user_officer).create(
                {
                    "name": "x",
                    "owner_id": self.user_officer.id,
                    "due_date": self.today,
                    "assessment_id": assessment.id,
                }
            )

    # ------------------------------------------------------------------ inspections
    def test_04_inspection_checklist(self):
        """The checklist comes from the active check items (configurable); the inspection is
        finished once every item has a result, with actions for the items not OK."""
        item = (
            self.env["customer.archive.check.item"]
            .with_user(self.user_manager)
            .create({"name": "碎纸机运转正常", "sequence": 99})
        )
        items = self.env["customer.archive.check.item"].search([])
        inspection = self.Inspection.with_user(self.user_manager).create({"date": self.today})
        self.assertEqual(inspection.line_ids.item_id, items)
        self.assertIn(item, inspection.line_ids.item_id)
        self.assertEqual(inspection.inspector_id, self.user_manager)
        self.assertEqual(inspection.next_date, self.today + relativedelta(months=2))
        with self.assertRaises(UserError):
            inspection.with_user(self.user_manager).action_done()
        inspection.line_ids.with_user(self.user_manager).write({"result": "ok"})
        bad = inspection.line_ids.filtered(lambda l: l.item_id == item)
        bad.with_user(self.user_manager).write({"result": "not_ok", "note": "碎纸机故障"})
        self.assertEqual(inspection.not_ok_count, 1)
        with self.assertRaises(UserError):
            inspection.with_user(self.user_manager).action_done()  # no action for it
        inspection.with_user(self.user_manager).write(
            {
                "action_ids": [
                    Command.create(
                        {
                            "name": "维修碎纸机",
                            "owner_id": self.user_officer.id,
                            "due_date": self.today,
                        }
                    )
                ]
            }
        )
        inspection.with_user(self.user_manager).action_done()
        self.assertEqual(inspection.state, "done")
        with self.assertRaises(UserError):
            bad.with_user(self.user_manager).write({"result": "ok"})
        with self.assertRaises(AccessError):
            inspection.with_user(self.user_salesperson).read(["state"])
        with self.assertRaises(AccessError):
            self.Inspection.with_user(self.user_officer).create({"date": self.today})
        self.assertTrue(inspection.with_user(self.user_officer).read(["not_ok_count"]))

    # ------------------------------------------------------------------ incidents
    def test_05_incident_reported_by_a_user(self):
        """An archive user reports an incident and sees only their own; officers see and follow
        up all of them; only a manager closes."""
        incident = self.Incident.with_user(self.user_salesperson).create(
            {
                "kind": "leak",
                "description": "客户名单被发到了私人微信群",
                "partner_ids": [Command.set(self.archive.ids)],
            }
        )
        incident = incident.with_env(self.env)
        self.assertTrue(incident.name.startswith("INC"))
        self.assertEqual(incident.reported_by_id, self.user_salesperson)
        self.assertEqual(incident.state, "reported")
        other = self.Incident.with_user(self.user_officer).create(
            {"kind": "violation", "description": "离职员工带走客户资料"}
        )
        Incident_user = self.Incident.with_user(self.user_salesperson)
        self.assertEqual(Incident_user.search([]), incident)
        with self.assertRaises(AccessError):
            other.with_user(self.user_salesperson).read(["description"])
        with self.assertRaises(AccessError):
            incident.with_user(self.user_salesperson).write({"description": "改"})
        with self.assertRaises(AccessError):
            incident.with_user(self.user_salesperson).action_investigate()
        with self.assertRaises(AccessError):
            self.Incident.with_user(self.user_plain).create({"kind": "leak", "description": "x"})
        self.assertEqual(
            self.Incident.with_user(self.user_officer).search([]) & (incident | other),
            incident | other,
        )
        # A reporter cannot pass the incident off as someone else's.
        forged = self.Incident.with_user(self.user_salesperson).create(
            {"kind": "violation", "description": "x", "reported_by_id": self.user_manager.id}
        )
        self.assertEqual(forged.reported_by_id, self.user_salesperson)
        incident.with_user(self.user_officer).action_investigate()
        incident.with_user(self.user_officer).write(
            {
                "action_ids": [
                    Command.create(
                        {
                            "name": "撤回消息并通报",
                            "owner_id": self.user_officer.id,
                            "due_date": self.today,
                        }
                    )
                ]
            }
        )
        with self.assertRaises(AccessError):
            incident.with_user(self.user_officer).action_close()
        with self.assertRaises(UserError):
            incident.with_user(self.user_manager).action_close()  # action still open
        incident.action_ids.with_user(self.user_officer).write({"done": True})
        incident.with_user(self.user_manager).action_close()
        self.assertEqual(incident.state, "closed")
        with self.assertRaises(UserError):
            incident.with_user(self.user_manager).write({"description": "改"})

    def test_06_lost_printed_copy(self):
        """Marking a printed copy lost sets its state and opens an incident naming the copy and
        its archives."""
        request = (
            self.env["customer.archive.print.request"]
            .with_user(self.user_officer)
            .create(
                {
                    "partner_ids": [Command.set(self.archive.ids)],
                    "purpose": "拜访前核对",
                    "copies": 1,
                }
            )
        )
        request.action_submit()
        request.with_user(self.user_manager).action_approve()
        copy = request._register_copy(self.archive)
        with self.assertRaises(AccessError):
            copy.with_user(self.user_salesperson).action_mark_lost()
        action = copy.with_user(self.user_officer).action_mark_lost()
        self.assertEqual(copy.state, "lost")
        incident = self.Incident.browse(action["res_id"])
        self.assertEqual(incident.kind, "lost_copy")
        self.assertEqual(incident.copy_id, copy)
        self.assertEqual(incident.partner_ids, self.archive)
        self.assertEqual(incident.reported_by_id, self.user_officer)
        self.assertEqual(copy.incident_ids, incident)
        with self.assertRaises(UserError):
            copy.with_user(self.user_officer).action_mark_lost()  # lost already
        with self.assertRaises(UserError):
            self.Incident.with_user(self.user_officer).create(
                {"kind": "lost_copy", "description": "x"}
            )

    def test_07_menus_per_role(self):
        """Archive users see the Incidents menu only; officers also the risk assessments and
        inspections; the annual seals are for managers."""
        Menu = self.env["ir.ui.menu"]

        def visible(user, xmlid):
            return self.env.ref(xmlid).id in Menu.with_user(user)._visible_menu_ids()

        incidents = "customer_archive.customer_archive_incident_menu"
        assessments = "customer_archive.customer_archive_risk_assessment_menu"
        inspections = "customer_archive.customer_archive_inspection_menu"
        seals = "customer_archive.customer_archive_seal_menu"
        self.assertTrue(visible(self.user_salesperson, incidents))
        self.assertFalse(visible(self.user_salesperson, assessments))
        self.assertFalse(visible(self.user_salesperson, inspections))
        self.assertFalse(visible(self.user_salesperson, seals))
        self.assertTrue(visible(self.user_officer, assessments))
        self.assertTrue(visible(self.user_officer, inspections))
        self.assertFalse(visible(self.user_officer, seals))
        self.assertTrue(visible(self.user_manager, seals))
        self.assertFalse(visible(self.user_plain, incidents))
