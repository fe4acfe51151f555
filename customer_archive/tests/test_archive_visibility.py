import re

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .visibility_common import VisibilityCase


@tagged("post_install", "-at_install")
class TestArchiveVisibility(VisibilityCase):
    """Record rules on archives, per role (security matrix: read / write / create / unlink)."""

    def test_01_salesperson_sees_own_kept_and_plain_partners(self):
        self.assertEqual(
            self._visible(self.user_salesperson),
            self.own | self.kept | self.secret_kept | self.own_contact | self.plain,
            "salesperson or keeper; secret only as keeper; no other company; contacts follow",
        )
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.user_salesperson).read(["name"])
        with self.assertRaises(AccessError):
            self.foreign_contact.with_user(self.user_salesperson).read(["mobile"])
        with self.assertRaises(AccessError):
            self.secret_sold.with_user(self.user_salesperson).read(["name"])

    def test_02_salesperson_writes_own_not_others_and_cannot_delete(self):
        self.own.with_user(self.user_salesperson).write({"city": "福州"})
        self.assertEqual(self.own.city, "福州")
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.user_salesperson).write({"city": "泉州"})
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_salesperson).unlink()
        created = self.Partner.with_user(self.user_salesperson).create(
            {"name": "新建客户有限公司", "is_company": True, "is_customer_archive": True}
        )
        self.assertEqual(
            created.keeper_id, self.user_salesperson, "the creator keeps a new archive"
        )
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.user_salesperson).create(
                {
                    "name": "替别人建档有限公司",
                    "is_company": True,
                    "is_customer_archive": True,
                    "user_id": self.user_colleague.id,
                    "keeper_id": self.user_colleague.id,
                }
            )

    def test_03_officer_sees_company_archives_but_not_secret(self):
        self.assertEqual(
            self._visible(self.user_officer),
            self.own
            | self.kept
            | self.foreign
            | self.foreign_contact
            | self.own_contact
            | self.plain,
        )
        self.foreign.with_user(self.user_officer).write({"city": "泉州"})
        self.foreign_contact.with_user(self.user_officer).unlink()
        with self.assertRaises(AccessError):
            self.secret_kept.with_user(self.user_officer).write({"city": "漳州"})

    def test_04_manager_and_it_see_everything_of_their_companies(self):
        expected = self.all_partners - self.other_company
        self.assertEqual(self._visible(self.user_manager), expected)
        self.assertEqual(self._visible(self.user_it), expected)
        self.secret_sold.with_user(self.user_manager).write({"city": "莆田"})
        self.user_manager.write({"company_ids": [(4, self.company_2.id)]})
        in_company_2 = (
            self.Partner.with_user(self.user_manager)
            .with_context(allowed_company_ids=self.company_2.ids)
            .search([("id", "=", self.other_company.id)])
        )
        self.assertEqual(in_company_2, self.other_company)

    def test_05_other_company_archive_invisible_even_to_its_salesperson(self):
        self.user_salesperson.write({"company_ids": [(4, self.company_2.id)]})
        only_first = (
            self.Partner.with_user(self.user_salesperson)
            .with_context(allowed_company_ids=self.company.ids)
            .search([("id", "=", self.other_company.id)])
        )
        self.assertFalse(only_first, "not while the second company is not selected")
        visible = (
            self.Partner.with_user(self.user_salesperson)
            .with_context(allowed_company_ids=[self.company.id, self.company_2.id])
            .search([("id", "=", self.other_company.id)])
        )
        self.assertEqual(visible, self.other_company)

    def test_06_internal_user_without_archive_group_sees_only_own_archives(self):
        self.foreign.user_id = self.user_plain
        self.assertEqual(
            self._visible(self.user_plain), self.foreign | self.foreign_contact | self.plain
        )
        self.assertIn(
            self.user_salesperson.partner_id,
            self.Partner.with_user(self.user_plain).search(
                [("id", "=", self.user_salesperson.partner_id.id)]
            ),
            "the partners of users stay visible",
        )

    def test_07_secret_only_to_keeper_and_managers(self):
        for user in (
            self.user_salesperson,
            self.user_officer,
            self.user_colleague,
            self.user_manager,
        ):
            with self.subTest(user=user.login):
                seen = bool(self._visible(user, self.secret_sold))
                self.assertEqual(seen, user in (self.user_colleague, self.user_manager))

    def test_08_confidentiality_level_changes(self):
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_salesperson).write({"confidentiality_level": "secret"})
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_salesperson).write({"confidentiality_level": "public"})
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.user_officer).write({"confidentiality_level": "secret"})
        self.foreign.with_user(self.user_officer).write({"confidentiality_level": "confidential"})
        self.foreign.with_user(self.user_manager).write({"confidentiality_level": "secret"})
        self.assertEqual(self.foreign.confidentiality_level, "secret")
        self.assertEqual(
            self.Partner.create({"name": "默认级别客户"}).confidentiality_level, "internal"
        )

    def test_09_team_archives_only_with_the_setting(self):
        team = self.env["crm.team"].create(
            {
                "name": "华东销售组",
                "member_ids": [(6, 0, (self.user_salesperson | self.user_colleague).ids)],
            }
        )
        self.assertTrue(team)
        self.assertNotIn(self.foreign, self._visible(self.user_salesperson))
        self.company.archive_team_visibility = True
        self.assertIn(self.foreign, self._visible(self.user_salesperson))
        self.assertNotIn(
            self.secret_sold, self._visible(self.user_salesperson), "never secret ones"
        )
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.user_salesperson).write({"city": "泉州"})

    def test_10_public_pool_is_visible_to_archive_users(self):
        self.foreign.in_public_pool = True
        self.assertIn(self.foreign, self._visible(self.user_salesperson))
        self.assertNotIn(self.foreign, self._visible(self.user_plain))

    def test_11_related_records_follow_the_archive(self):
        Visit = self.env["customer.archive.visit"]
        visit = Visit.create({"partner_id": self.foreign.id, "user_id": self.user_colleague.id})
        history = self.env["customer.archive.tier.history"].create(
            {
                "partner_id": self.foreign.id,
                "company_id": self.company.id,
                "direction": "new",
                "source": "computed",
            }
        )
        self.assertFalse(Visit.with_user(self.user_salesperson).search([("id", "=", visit.id)]))
        self.assertFalse(
            self.env["customer.archive.tier.history"]
            .with_user(self.user_salesperson)
            .search([("id", "=", history.id)])
        )
        self._share(self.foreign, self.user_salesperson, mode="read")
        self.assertEqual(
            Visit.with_user(self.user_salesperson).search([("id", "=", visit.id)]), visit
        )
        self.assertEqual(
            self.env["customer.archive.tier.history"]
            .with_user(self.user_salesperson)
            .search([("id", "=", history.id)]),
            history,
        )
        with self.assertRaises(AccessError):
            visit.with_user(self.user_salesperson).write({"feedback": "只读授权"})
        with self.assertRaises(AccessError):
            Visit.with_user(self.user_salesperson).create(
                {"partner_id": self.foreign.id, "user_id": self.user_colleague.id}
            )

    def test_12_tier_override_refused_on_an_invisible_archive(self):
        tier = self.env["customer.archive.tier"].search([], limit=1)
        with self.assertRaises(AccessError):
            self.env["customer.archive.tier.override"].with_user(self.user_salesperson).create(
                {
                    "partner_ids": [(6, 0, self.foreign.ids)],
                    "tier_id": tier.id,
                    "reason": "越权",
                    "expiry_date": self._days_ago(-30),
                }
            ).action_apply()
        self.assertNotEqual(self.foreign.tier_override_tier_id, tier)

    def test_13_sale_order_of_an_archive_works_for_its_salesperson(self):
        order = (
            self.env["sale.order"]
            .with_user(self.user_salesperson)
            .create(
                {
                    "partner_id": self.own_contact.id,
                    "order_line": [
                        (0, 0, {"product_id": self._create_product().id, "product_uom_qty": 1})
                    ],
                }
            )
        )
        self.assertEqual(order.partner_id.commercial_partner_id, self.own)
        self.assertTrue(
            order.with_user(self.user_salesperson).web_read(
                {"partner_id": {"fields": {"display_name": {}}}}
            )
        )

    def test_14_archive_count_reads_only_the_rule_index(self):
        """Counting the archives a user may see (the list's record count) needs no partner row:
        every partner column the record rules test, for every role and with team visibility
        on, is in the archives' rule index, whose condition the archive list's domain implies
        (so that PostgreSQL can count in an index-only scan)."""
        self.env.company.archive_team_visibility = True
        index = self.env["res.partner"]._ARCHIVE_RULE_INDEX
        cr = self.env.cr
        cr.execute(
            """SELECT array_agg(a.attname::text), pg_get_expr(i.indpred, i.indrelid)
                 FROM pg_index i
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indexrelid = %s::regclass
             GROUP BY i.indpred, i.indrelid""",
            [index],
        )
        columns, predicate = cr.fetchone()
        self.assertEqual(predicate, "(is_customer_archive AND active)")
        for user in (
            self.user_salesperson,
            self.user_officer,
            self.user_manager,
            self.user_colleague,
        ):
            Partner = self.env["res.partner"].with_user(user)
            query = Partner._search([("is_customer_archive", "=", True)])
            sql = query.select()
            # every column of res_partner the count's conditions name (the sub-queries on
            # contacts' archives included, which only makes the check stricter)
            named = set(re.findall(r'"res_partner"\."(\w+)"', sql.code))
            self.assertLessEqual(named, set(columns), user.login)
            self.assertIn("is_customer_archive", named, user.login)
            cr.execute(SQL("SELECT COUNT(*) FROM (%s LIMIT 10001) t", sql))
            self.assertEqual(
                cr.fetchone()[0], Partner.search_count([("is_customer_archive", "=", True)])
            )
