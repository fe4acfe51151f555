from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv.expression import normalize_domain as expression_normalize
from odoo.tests import Form, tagged

from .common import CustomerArchiveCase, valid_ric, valid_uscc


def other_value(value):
    """A value of the same kind as ``value`` that matches nothing of the test's records."""
    if isinstance(value, str):
        return "1900-01-01" if len(value) == 10 and value[4] == "-" else "不匹配-0"
    return 10**12


MASKED = {
    "resident_id": None,  # computed in setUpClass
    "mobile": "139****2231",
    "phone": "059****8866",
    "email": "z***@example.com",
    "street": "五***",
    "street2": "***",
    "zip": "***",
    "birthday": "****-**-**",
    "annual_turnover": "***",
}


@tagged("post_install", "-at_install")
class TestMasking(CustomerArchiveCase):
    """Sensitive fields read, searched, grouped and exported as users who are not cleared."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ric = valid_ric("19860512", 17)
        MASKED["resident_id"] = cls.ric[:4] + "*" * 10 + cls.ric[-4:]
        cls.person = cls.Partner.create(
            {
                "name": "张小明",
                "is_customer_archive": True,
                "user_id": cls.user_salesperson.id,
                "keeper_id": cls.user_officer.id,
                "resident_id": cls.ric,
                "mobile": "139 5716 2231",
                "phone": "0591-87658866",
                "email": "zhangxm@example.com",
                "street": "五四路100号",
                "street2": "3单元",
                "city": "福州",
                "zip": "350001",
                "birthday": "1986-05-12",
                "annual_turnover": 320000,
            }
        )
        cls.real = {fname: cls.person[fname] for fname in MASKED}
        cls.company_archive = cls._create_archive(
            name="福州永顺贸易有限公司",
            user_id=cls.user_salesperson.id,
            keeper_id=cls.user_officer.id,
            credit_code=valid_uscc(4711),
            street="工业路8号",
            phone="0591-88880000",
            email="info@yongshun.example.com",
            annual_turnover=5000000,
            child_ids=[
                Command.create(
                    {
                        "name": "李采购",
                        "mobile": "13605710001",
                        "email": "li@yongshun.example.com",
                        "street": "不应被遮盖路1号",
                    }
                )
            ],
        )
        cls.contact = cls.company_archive.child_ids
        cls.bank = cls.env["res.partner.bank"].create(
            {"partner_id": cls.person.id, "acc_number": "6222020200112233445"}
        )
        cls.visit = cls.env["customer.archive.visit"].create(
            {
                "partner_id": cls.company_archive.id,
                "user_id": cls.user_salesperson.id,
            }
        )
        cls.visit.write({"checkin_latitude": 26.0745, "checkin_longitude": 119.2965})
        cls.uncleared = (cls.user_salesperson, cls.user_officer)

    def _as(self, user, record):
        return record.with_user(user).with_context(lang="en_US")

    def assertNoClear(self, payload, real_values):
        text = repr(payload)
        for value in real_values:
            self.assertNotIn(str(value), text)

    # ------------------------------------------------------------------ reading
    def test_01_read_paths_masked(self):
        """read, search_read, web_read and web_search_read give masks, never the value."""
        fnames = list(MASKED)
        spec = {fname: {} for fname in fnames}
        for user in self.uncleared:
            person = self._as(user, self.person)
            domain = [("id", "=", self.person.id)]
            for rows in (
                person.read(fnames),
                person.search_read(domain, fnames),
                person.web_read(spec),
                person.web_search_read(domain, spec)["records"],
            ):
                self.assertEqual({k: rows[0][k] for k in fnames}, MASKED, user.login)
                self.assertNoClear(
                    rows, [self.ric, "5716", "zhangxm", "五四路", "350001", "1986", "320000"]
                )

    def test_02_cleared_roles_see_values(self):
        for user in (self.user_manager, self.env.user):
            [row] = self._as(user, self.person).read(["resident_id", "mobile", "birthday"])
            self.assertEqual(row["resident_id"], self.ric)
            self.assertEqual(row["mobile"], "139 5716 2231")

    def test_03_scopes(self):
        """Company e-mail, phone and address are business data; a contact's address is its
        company's; a contact's mobile and e-mail are masked."""
        rows = self._as(self.user_salesperson, self.company_archive | self.contact).read(
            ["email", "phone", "street", "mobile"]
        )
        company, contact = rows
        self.assertEqual(company["email"], "info@yongshun.example.com")
        self.assertEqual(company["street"], "工业路8号")
        self.assertEqual(contact["mobile"], "136****0001")
        self.assertEqual(contact["email"], "l***@yongshun.example.com")
        self.assertEqual(contact["street"], "工业路8号")
        self.assertEqual(
            self._as(self.user_salesperson, self.company_archive).read(["annual_turnover"])[0][
                "annual_turnover"
            ],
            "***",
        )

    def test_03b_scope_domain_sql_and_python_agree(self):
        """The scope of a mask is written three ways (domain, SQL condition, Python test on
        the cache); on archives, contacts, individuals, plain contacts, an internal user's
        partner and the company, all three select the same partners for every scope."""
        partners = (
            self.person
            | self.company_archive
            | self.contact
            | self.Partner.create({"name": "普通联系人"})
            | self.user_salesperson.partner_id
            | self.env.company.partner_id
        )
        Partner = self.Partner.sudo().with_context(active_test=False)
        for scope in ("all", "archive", "person", "individual"):
            domain = Partner._archive_scope_domain(scope)
            by_domain = Partner.search([("id", "in", partners.ids), *domain])
            query = Partner._search([("id", "in", partners.ids)])
            query.add_where(Partner._archive_scope_sql(Partner._table, scope, query))
            by_sql = Partner.browse(query)
            by_python = partners._archive_scope_filter(scope)
            self.assertEqual(set(by_domain.ids), set(by_sql.ids), scope)
            self.assertEqual(set(by_domain.ids), set(by_python.ids), scope)
            self.assertIn(self.person.id, by_domain.ids, scope)  # an individual: every scope
            self.assertNotIn(self.user_salesperson.partner_id.id, by_domain.ids, scope)
            self.assertEqual(self.contact in by_domain, scope != "individual", scope)

    def test_04_derived_and_nested(self):
        """Derived fields (age, normalised e-mail) and nested web_read of contacts are masked."""
        person = self._as(self.user_salesperson, self.person)
        row = person.read(["age", "email_normalized"])[0]
        self.assertEqual(row["age"], "***")
        self.assertEqual(row["email_normalized"], "z***@example.com")
        company = self._as(self.user_salesperson, self.company_archive)
        [data] = company.web_read({"child_ids": {"fields": {"mobile": {}, "email": {}}}})
        self.assertEqual(data["child_ids"][0]["mobile"], "136****0001")

    def test_05_bank_and_visit(self):
        bank = self._as(self.user_salesperson, self.bank).read(
            ["acc_number", "sanitized_acc_number"]
        )[0]
        self.assertEqual(bank["acc_number"], "6222**********3445")
        self.assertNotIn("02020011", repr(bank))
        visit = self._as(self.user_salesperson, self.visit).read(
            ["checkin_latitude", "checkin_longitude"]
        )[0]
        self.assertEqual((visit["checkin_latitude"], visit["checkin_longitude"]), ("***", "***"))
        self.assertEqual(self.visit.read(["checkin_latitude"])[0]["checkin_latitude"], 26.0745)

    # ------------------------------------------------------------------ searching and grouping
    def test_06_conditions_never_match_masked_values(self):
        """A condition on a masked value never matches the archive that holds it — also through
        paths, sub-domains, name search and the negation — while a cleared user finds it and
        the same condition still finds plain contacts: searching cannot reveal a value."""
        plain = self.Partner.create({"name": "普通联系人", "mobile": "139 5716 2231"})
        Partner = self.Partner.with_user(self.user_salesperson)
        Visit = self.env["customer.archive.visit"].with_user(self.user_salesperson)
        Manager = self.Partner.with_user(self.user_manager)
        cases = [
            (Partner, Manager, [("mobile", "=", "139 5716 2231")], self.person),
            (Partner, Manager, [("resident_id", "like", self.ric[:6])], self.person),
            (Partner, Manager, [("birthday", "<", "1990-01-01")], self.person),
            (Partner, Manager, [("child_ids.mobile", "like", "136")], self.company_archive),
            (
                Partner,
                Manager,
                [("child_ids", "any", [("email", "like", "li@")])],
                self.company_archive,
            ),
            (
                Partner,
                Manager,
                ["|", ("name", "=", "x"), ("annual_turnover", ">", 100)],
                self.company_archive,
            ),
            (
                Visit,
                Visit.with_user(self.user_manager),
                [("partner_id.annual_turnover", ">", 100)],
                self.visit,
            ),
            (
                Visit,
                Visit.with_user(self.user_manager),
                [("checkin_latitude", ">", 26)],
                self.visit,
            ),
        ]
        for model, cleared, domain, record in cases:
            with self.subTest(domain=domain):
                self.assertIn(record, cleared.search(domain))
                self.assertNotIn(record, model.search(domain))
                self.assertEqual(model.search_count(domain + [("id", "=", record.id)]), 0)
                # nor does its negation depend on the value: the same result for another value
                negated = model.search(["!", *expression_normalize(domain), ("id", "=", record.id)])
                other = [
                    (leaf[0], leaf[1], other_value(leaf[2]))
                    if isinstance(leaf, tuple) and not isinstance(leaf[2], list)
                    else leaf
                    for leaf in domain
                ]
                negated_other = model.search(
                    ["!", *expression_normalize(other), ("id", "=", record.id)]
                )
                self.assertEqual(negated, negated_other)
        self.assertIn(plain, Partner.search([("mobile", "=", "139 5716 2231")]))
        self.assertFalse(
            Partner.web_search_read([("street", "like", "五四")], {"name": {}})["records"]
        )
        self.assertFalse(Partner.name_search("张", args=[("zip", "=", "350001")]))
        # sorting by a masked value tells nothing: the archives keep the same order either way
        archives = self.person | self.company_archive
        ascending = Partner.search([("id", "in", archives.ids)], order="birthday asc, id")
        descending = Partner.search([("id", "in", archives.ids)], order="birthday desc, id")
        self.assertEqual(ascending.ids, descending.ids)
        # name search does not look into masked e-mails
        self.assertFalse(Partner.name_search("zhangxm@", args=[("id", "=", self.person.id)]))
        self.assertTrue(Partner.name_search("张小明", args=[("id", "=", self.person.id)]))
        # a client cannot switch masking off through the context
        self.assertFalse(
            Partner.with_context(customer_archive_internal_search=True).search(
                [("mobile", "like", "5716"), ("id", "=", self.person.id)]
            )
        )
        # mail still finds the partner of an e-mail address for the uncleared user
        self.assertEqual(
            Partner.find_or_create("zhangxm@example.com").sudo().email, "zhangxm@example.com"
        )
        self.assertIn(self.person, Partner._mail_search_on_partner(["zhangxm@example.com"]))

    def test_07_read_group_sees_no_masked_value(self):
        """Grouping by a masked field puts the archives in the empty group; totals leave their
        masked amounts out; the cleared manager groups and totals the real values."""
        Partner = self.Partner.with_user(self.user_officer)
        domain = [("id", "in", (self.person | self.company_archive).ids)]
        for groupby in ("birthday:year", "zip", "mobile"):
            with self.subTest(groupby=groupby):
                groups = Partner.read_group(domain, [], [groupby], lazy=False)
                self.assertEqual([g["__count"] for g in groups], [2])
                self.assertFalse(groups[0][groupby])
        [total] = Partner.read_group(domain, ["annual_turnover:sum"], [])
        self.assertFalse(total["annual_turnover"])
        [total] = Partner.web_read_group(domain, ["annual_turnover:sum"], [])["groups"]
        self.assertFalse(total["annual_turnover"])
        groups = Partner.read_group(domain, ["registered_capital:sum"], ["city"])
        self.assertTrue(groups)
        Manager = self.Partner.with_user(self.user_manager)
        [total] = Manager.read_group(domain, ["annual_turnover:sum"], [])
        self.assertEqual(total["annual_turnover"], 5320000)
        self.assertEqual(len(Manager.read_group(domain, [], ["mobile"])), 2)

    # ------------------------------------------------------------------ export
    def test_08_export_masked(self):
        """export_data gives the masks (top level and through contacts) to an uncleared exporter."""
        rules = self.env["customer.archive.sensitive.field"].search([])
        admin_group = self.env.ref("customer_archive.group_archive_admin")
        rules.write({"group_ids": [Command.set(admin_group.ids)]})  # managers are not cleared now
        self.user_manager.groups_id |= self.env.ref("base.group_allow_export")
        partners = self._as(self.user_manager, self.person | self.company_archive)
        data = partners.export_data(["name", *MASKED, "child_ids/mobile", "bank_ids/acc_number"])[
            "datas"
        ]
        self.assertNoClear(
            data,
            [
                self.ric,
                "5716",
                "zhangxm",
                "五四路",
                "350001",
                "1986",
                "320000",
                "13605710001",
                "02020011",
            ],
        )
        person_row = next(row for row in data if row[0] == "张小明")
        self.assertEqual(person_row[1:10], [MASKED[f] for f in MASKED])
        self.assertIn("136****0001", [row[10] for row in data])
        self.assertIn("6222**********3445", [row[11] for row in data])
        rules.write(
            {"group_ids": [Command.set(self.env.ref("customer_archive.group_archive_manager").ids)]}
        )
        data = partners.export_data(["resident_id"])["datas"]
        self.assertIn([self.ric], data)

    # ------------------------------------------------------------------ writing
    def test_09_masked_value_sent_back_is_ignored(self):
        person = self._as(self.user_salesperson, self.person)
        person.write(
            {
                "mobile": MASKED["mobile"],
                "resident_id": MASKED["resident_id"],
                "birthday": "****-**-**",
                "comment": "回访",
            }
        )
        self.assertEqual(self.person.mobile, "139 5716 2231")
        self.assertEqual(self.person.resident_id, self.ric)
        self.assertEqual(str(self.person.birthday), "1986-05-12")
        with self.assertRaises(ValidationError):
            person.write({"mobile": "139****9999"})
        person.write({"mobile": "13800000000", "birthday": "1987-01-02"})
        self.assertEqual(self.person.mobile, "13800000000")
        self.assertEqual(str(self.person.birthday), "1987-01-02")
        with self.assertRaises(ValidationError):
            person.write({"birthday": "明年"})

    def test_10_constraints_on_real_values(self):
        """Validation keeps working for uncleared users (and names the typed value)."""
        person = self._as(self.user_salesperson, self.person)
        with self.assertRaises(ValidationError):
            person.write({"resident_id": "350104198605120000"})
        self.assertEqual(self.person.resident_id, self.ric)
        with self.assertRaises(ValidationError):
            self._as(self.user_salesperson, self.company_archive).write({"annual_turnover": -5})
        # the form: editing another field keeps the real sensitive values
        with Form(person) as form:
            form.comment = "已核对"
        self.assertEqual(self.person.resident_id, self.ric)
        self.assertEqual(str(self.person.birthday), "1986-05-12")

    def test_11_tier_engine_unaffected(self):
        """The tier engine (sudo, _read_group) works while the user reading is not cleared."""
        profile = self.env["customer.archive.tier.profile"]._get_profile(self.env.company)
        profile.with_user(self.user_manager)._recompute(self.company_archive)
        self.assertTrue(self.company_archive.tier_id)
        row = self._as(self.user_salesperson, self.company_archive).read(
            ["tier_id", "annual_turnover"]
        )[0]
        self.assertEqual(row["annual_turnover"], "***")

    def test_12_switch_off(self):
        """Archiving every classification switches masking off (the benchmark's baseline)."""
        self.env["customer.archive.sensitive.field"].search([]).action_archive()
        [row] = self._as(self.user_salesperson, self.person).read(["mobile"])
        self.assertEqual(row["mobile"], "139 5716 2231")

    def test_13_get_views_describe_masks(self):
        """The web client gets masked dates and amounts as text, without sort, group or search."""
        views = self.Partner.with_user(self.user_salesperson).get_views(
            [(self.env.ref("customer_archive.res_partner_view_list").id, "list"), (False, "search")]
        )
        fields_info = views["models"]["res.partner"]["fields"]
        self.assertEqual(fields_info["birthday"]["type"], "char")
        self.assertFalse(fields_info["mobile"]["sortable"])
        manager_views = self.Partner.with_user(self.user_manager).get_views([(False, "search")])
        self.assertEqual(
            manager_views["models"]["res.partner"]["fields"]["birthday"]["type"], "date"
        )

    def test_15_new_archive_in_the_form(self):
        """An uncleared salesperson creates a person archive in the form: the computed age
        comes back masked, the next onchange and the save keep the real values."""
        Partner = self.Partner.with_user(self.user_salesperson).with_context(
            default_is_customer_archive=True, default_is_company=False
        )
        with Form(Partner) as form:
            form.name = "陈新"
            form.birthday = "1990-03-04"
            form.mobile = "13912345678"
            form.wechat_id = "chenxin"
        partner = form.save()
        self.assertEqual(
            (str(partner.birthday), partner.mobile, partner.age > 30),
            ("1990-03-04", "13912345678", True),
        )
        self.assertEqual(partner.with_user(self.user_salesperson).read(["age"])[0]["age"], "***")

    def test_14_every_classified_field(self):
        """Each default classification × read, search_read, web_read, web_search_read,
        read_group, export_data and domain search, as users who are not cleared."""
        # the health notes of a service record are in clear for cleared groups only on a
        # customer with a separate consent for sensitive information
        self.env["customer.archive.consent"].create(
            {"partner_id": self.person.id, "purpose": "护理健康禁忌记录", "scope": "sensitive"}
        )
        service = self.env["customer.archive.service.record"].create(
            {
                "partner_id": self.person.id,
                "product_id": self.env["product.product"].create({"name": "护理"}).id,
                "health_notes": "心脏起搏器",
            }
        )
        records = {
            "res.partner": self.person,
            "res.partner.bank": self.bank,
            "customer.archive.visit": self.visit,
            "customer.archive.service.record": service,
        }
        rules = self.env["customer.archive.sensitive.field"].search([])
        self.assertGreaterEqual(len(rules), 12)
        admin_group = self.env.ref("customer_archive.group_archive_admin")
        self.user_manager.groups_id |= self.env.ref("base.group_allow_export")
        for rule in rules:
            record, fname = records[rule.model_name], rule.field_name
            real = record[fname]
            self.assertTrue(real, fname)
            for user in (*self.uncleared, self.user_manager):
                if user == self.user_manager:
                    rule.group_ids = admin_group  # the manager is not cleared for this field now
                model = self.env[rule.model_name].with_user(user).with_context(lang="en_US")
                mine = record.with_user(user)
                domain = [("id", "=", record.id)]
                with self.subTest(field=fname, user=user.login):
                    values = [
                        mine.read([fname])[0][fname],
                        model.search_read(domain, [fname])[0][fname],
                        mine.web_read({fname: {}})[0][fname],
                        model.web_search_read(domain, {fname: {}})["records"][0][fname],
                    ]
                    if user == self.user_manager:
                        values.append(mine.export_data([fname])["datas"][0][0])
                    for value in values:
                        self.assertIsInstance(value, str)
                        self.assertIn("*", value)
                        self.assertNotIn(str(real), value)
                    self.assertNotIn(mine, model.search([(fname, "!=", False)]))
                    [group] = model.read_group(domain, [], [fname], lazy=False)
                    self.assertFalse(group[fname])
            rule.group_ids = self.env.ref("customer_archive.group_archive_manager")
            cleared = record.with_user(self.user_manager).read([fname])[0][fname]
            self.assertEqual(cleared, record._fields[fname].convert_to_read(real, record))


@tagged("post_install", "-at_install")
class TestReveal(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ric = valid_ric("19900101", 3)
        cls.person = cls.Partner.create(
            {
                "name": "王丽",
                "is_customer_archive": True,
                "resident_id": cls.ric,
                "user_id": cls.user_officer.id,
                "keeper_id": cls.user_officer.id,
            }
        )
        cls.rule = cls.env.ref("customer_archive.sensitive_field_resident_id")

    def _wizard(self, user, reason="客户来电核对身份"):
        return (
            self.env["customer.archive.reveal"]
            .with_user(user)
            .with_context(
                active_model="res.partner",
                active_id=self.person.id,
                lang="en_US",
            )
            .create({"sensitive_field_id": self.rule.id, "reason": reason})
        )

    def test_01_officer_reveals_and_it_is_logged(self):
        wizard = self._wizard(self.user_officer)
        wizard.action_reveal()
        self.assertEqual(wizard.value, self.ric)
        log = self.env["customer.archive.access.log"].search(
            [("event", "=", "reveal"), ("partner_id", "=", self.person.id)]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.field_name, log.reason, log.user_id),
            ("resident_id", "客户来电核对身份", self.user_officer),
        )

    def test_02_archive_user_cannot_reveal(self):
        self.person.user_id = self.user_salesperson
        wizard = self._wizard(self.user_salesperson)
        with self.assertRaises(AccessError):
            wizard.action_reveal()
        self.assertFalse(wizard.value)
        self.assertFalse(
            self.env["customer.archive.access.log"].search(
                [("event", "=", "reveal"), ("partner_id", "=", self.person.id)]
            )
        )

    def test_03_reason_required(self):
        wizard = self._wizard(self.user_officer, reason="   ")
        with self.assertRaises(UserError):
            wizard.action_reveal()
        self.assertFalse(wizard.value)


@tagged("post_install", "-at_install")
class TestMaskingConfigHeld(CustomerArchiveCase):
    """The classifications are held by the registry: Odoo clearing its caches (a user's
    language, an access right, every test's clean-up) costs no query on them, and a change of
    classification applies at once, in this transaction and after it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.Partner.create(
            {
                "name": "陈静",
                "is_customer_archive": True,
                "user_id": cls.user_salesperson.id,
                "mobile": "139 5716 2231",
            }
        )

    def _read_mobile(self):
        """The salesperson's mobile of the archive, and the queries on the classifications."""
        self.env.invalidate_all()
        with self.assertLogs("odoo.sql_db", "DEBUG") as logs:
            [row] = self.person.with_user(self.user_salesperson).read(["mobile"])
        queries = [line for line in logs.output if "customer_archive_sensitive_field" in line]
        return row["mobile"], queries

    def test_01_cache_clearing_costs_no_query(self):
        self.assertEqual(self._read_mobile()[0], "139****2231")
        self.registry.clear_all_caches()
        mobile, queries = self._read_mobile()
        self.assertEqual(mobile, "139****2231")
        self.assertEqual(queries, [])

    def test_02_change_applies_at_once(self):
        self._read_mobile()
        rule = self.env.ref("customer_archive.sensitive_field_mobile")
        cleared = rule.group_ids
        rule.group_ids = [Command.link(self.env.ref("customer_archive.group_archive_user").id)]
        self.assertEqual(self._read_mobile()[0], "139 5716 2231")
        self.registry.clear_all_caches()
        self.assertEqual(self._read_mobile()[0], "139 5716 2231")
        rule.group_ids = cleared
        self.assertEqual(self._read_mobile()[0], "139****2231")
