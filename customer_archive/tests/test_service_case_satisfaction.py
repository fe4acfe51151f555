from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .case_common import ServiceCaseCommon


@tagged("post_install", "-at_install")
class TestServiceCaseSatisfaction(ServiceCaseCommon):
    """A closed service case takes the customer's satisfaction score (1 to 5), like a done
    visit: entered by the salesperson or given through the survey link; an open case, a score
    outside 1-5 and a case of an archive the user cannot see are refused."""

    def _ratings(self, case):
        return (
            self.env["rating.rating"]
            .sudo()
            .search([("res_model", "=", case._name), ("res_id", "=", case.id)])
        )

    def _closed_case(self, **vals):
        case = self._case(**vals)
        case.write({"resolution": "更换两台新柜"})
        case.action_resolve()
        return case

    def test_01_open_case_cannot_be_rated(self):
        case = self._case()
        self.assertFalse(case.satisfaction_ready)
        with self.assertRaises(UserError):
            case.action_satisfaction_rate(5, "还没解决")
        self.assertFalse(self._ratings(case))

    def test_02_salesperson_rates_a_closed_case_through_the_dialog(self):
        case = self._closed_case()
        self.assertTrue(case.satisfaction_ready)
        action = case.action_satisfaction_open_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.user_salesperson)
        with Form(Wizard.with_context(**action["context"])) as form:
            form.score = "5"
            form.feedback = "换货很快"
        form.record.action_confirm()
        case.invalidate_recordset()
        self.assertEqual((case.satisfaction_score, case.satisfaction_source), (5, "manual"))
        rating = self._ratings(case)
        self.assertEqual((rating.archive_id, rating.rating), (self.customer, 5.0))
        # the score counts in the satisfaction analysis of the archive
        report = self.env["customer.archive.satisfaction.report"].with_user(self.user_salesperson)
        self.assertIn(self.customer, report.search([]).mapped("archive_id"))

    def test_03_score_outside_range_refused_nothing_changes(self):
        case = self._closed_case()
        for score in (0, 6, 3.5):
            with self.subTest(score=score), self.assertRaisesRegex(UserError, "1 to 5"):
                case.action_satisfaction_rate(score)
        self.assertFalse(self._ratings(case))

    def test_04_case_of_a_hidden_archive_cannot_be_rated(self):
        case = self._case(partner=self.other_customer, user=self.user_manager)
        case.with_user(self.user_manager).write({"resolution": "已处理"})
        case.with_user(self.user_manager).action_resolve()
        with self.assertRaises(AccessError):
            case.with_user(self.user_salesperson).action_satisfaction_rate(1, "差")
        self.assertFalse(self._ratings(case))

    def test_05_survey_goes_to_the_confirming_contact(self):
        self.contact.write({"email": "qian@example.cn"})
        case = self._closed_case()
        case.write({"confirmed_by_id": self.contact.id})
        case.action_satisfaction_send()
        rating = self._ratings(case)
        self.assertEqual(rating.partner_id, self.contact)
        self.assertFalse(rating.consumed)

    def test_06_subject_export_lists_the_persons_cases(self):
        """PIPL: the export of a person's data lists the service cases they confirmed."""
        case = self._closed_case()
        case.write({"confirmed_by_id": self.contact.id})
        sections = self.contact.with_user(self.user_manager)._pipl_export_data()
        cases = next(s for s in sections if s["title"] == "Service Cases")
        self.assertEqual(len(cases["rows"]), 1)
        self.assertIn(case.name, cases["rows"][0])
        self.assertIn("更换两台新柜", cases["rows"][0])
