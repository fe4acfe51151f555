from odoo import Command
from odoo.tests import tagged

from .print_common import PrintCase, pdf_text


@tagged("post_install", "-at_install")
class TestMembershipCard(PrintCase):
    """The printed archive card shows the member card, programme, points and level."""

    def test_01_card_prints_membership(self):
        program = self.env["loyalty.program"].create(
            {
                "name": "打印会员积分",
                "program_type": "loyalty",
                "trigger": "with_code",
                "reward_ids": [Command.create({"discount": 5, "required_points": 200})],
            }
        )
        self.env["loyalty.card"].create(
            {
                "program_id": program.id,
                "partner_id": self.archive.id,
                "code": "PR-HY-88",
                "points": 6400,
            }
        )
        self._approved_request(self.archive | self.archive_2)
        text = pdf_text(self._render_pdf(self.archive | self.archive_2, lang="zh_CN"))
        self.assertIn("PR-HY-88", text)
        self.assertIn("打印会员积分", text)
        self.assertIn("6400.00", text)
        self.assertIn("金卡会员", text)
        self.assertIn("无会员卡", text)  # the second archive has none
