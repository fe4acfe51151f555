"""The masking layer covers every way out, and the test notices a new one.

- Every field of the registry computed or related from a classified field is masked by the layer
  or is on the reviewed allow-list (``_get_derived_exceptions``) with its reason.
- Every public method (callable over RPC) of every model of the layer is enforced by a primitive
  of the layer, reviewed with a reason (tests/masking_methods.py), or takes no argument and is
  called here, as an uncleared salesperson, on records that hold sensitive values: no clear value
  may come back.
"""

import inspect

from odoo import Command
from odoo.service.model import get_public_method
from odoo.tests import tagged

from odoo.addons.customer_archive.models.customer_archive_masked_models import masked_model_names

from .common import CustomerArchiveCase, valid_ric
from .masking_methods import ENFORCED, REVIEWED

# Methods whose probe is meaningless or would end the test transaction.
NOT_PROBED = {
    "browse": "returns records only",
    "exists": "returns records only",
    "clear_caches": "clears registry caches",
    "pool": "the registry object, not a method",
    "unlink": "deletes (checked by the destruction and ACL tests)",
}


def public_methods(model):
    """{name: needs arguments} of the methods of ``model`` callable over RPC."""
    cls = type(model)
    result = {}
    for name in dir(cls):
        if name.startswith("_") or name in model._fields:
            continue
        attr = getattr(cls, name, None)
        if not inspect.isroutine(attr):
            continue
        try:
            method = get_public_method(model, name)
        except Exception:  # noqa: BLE001 - private or missing: not reachable over RPC
            continue
        try:
            params = list(inspect.signature(method).parameters.values())[1:]
        except (TypeError, ValueError):
            result[name] = True
            continue
        result[name] = any(
            p.default is p.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
            for p in params
        )
    return result


@tagged("post_install", "-at_install")
class TestMaskingCoverage(CustomerArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ric = valid_ric("19860512", 17)
        cls.person = cls.Partner.create(
            {
                "name": "覆盖测试",
                "is_customer_archive": True,
                "user_id": cls.user_salesperson.id,
                "resident_id": cls.ric,
                "mobile": "139 5716 2231",
                "phone": "0591-87658866",
                "email": "coverage.secret@example.com",
                "street": "五四路100号",
                "zip": "350001",
                "birthday": "1986-05-12",
                "annual_turnover": 320123,
                "bank_ids": [Command.create({"acc_number": "6222020200112233445"})],
            }
        )
        company = cls._create_archive(
            name="覆盖测试公司",
            user_id=cls.user_salesperson.id,
            child_ids=[
                Command.create(
                    {
                        "name": "门户联系人",
                        "email": "portal.secret@example.com",
                        "mobile": "13605719876",
                    }
                )
            ],
        )
        cls.contact = company.child_ids
        cls.portal_user = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": "coverage_portal",
                    "partner_id": cls.contact.id,
                    "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
                }
            )
        )
        company.message_subscribe(partner_ids=cls.contact.ids)
        cls.visit = cls.env["customer.archive.visit"].create(
            {"partner_id": company.id, "user_id": cls.user_salesperson.id}
        )
        cls.visit.write({"checkin_latitude": 26.0745123, "checkin_longitude": 119.2965456})
        cls.secrets = [
            cls.ric,
            "5716",
            "57162231",
            "coverage.secret",
            "portal.secret",
            "5719876",
            "五四路",
            "350001",
            "1986-05-12",
            "320123",
            "0200112233",
            "26.0745",
            "119.2965",
        ]

    def test_01_every_derived_field_is_masked_or_reviewed(self):
        Sensitive = self.env["customer.archive.sensitive.field"]
        classified = {(r.model_name, r.field_name) for r in Sensitive.search([])}
        config = Sensitive._get_masking_config()
        exceptions = Sensitive._get_derived_exceptions()
        missing = []
        for model, fname, _field, _hits in Sensitive._iter_derived_fields(classified):
            if fname in config.get(model._name, {}):
                continue
            if exceptions.get((model._name, fname)) or exceptions.get((None, fname)):
                continue
            missing.append(f"{model._name}.{fname}")
        self.assertFalse(
            missing,
            "Fields derived from a classified field that are neither masked nor reviewed: "
            "add their model to customer_archive_masked_models.py or a reason to "
            "_get_derived_exceptions",
        )
        # every reviewed exception names a real field (no stale review)
        for model_name, fname in exceptions:
            if model_name is not None and model_name in self.env:
                self.assertIn(fname, self.env[model_name]._fields, f"{model_name}.{fname}")

    def test_02_every_public_method_is_enforced_reviewed_or_probed(self):
        unknown = []
        for model_name in masked_model_names(self.env):
            for name, needs_args in public_methods(self.env[model_name]).items():
                if name in ENFORCED or name in REVIEWED or name in NOT_PROBED:
                    continue
                if needs_args:
                    unknown.append(f"{model_name}.{name}")
        self.assertFalse(
            unknown,
            "Public methods that take arguments and are neither enforced nor reviewed "
            "(tests/masking_methods.py)",
        )

    def _probe(self, record):
        """Call every public method of ``record``'s model that takes no argument, as the
        uncleared salesperson; return the calls whose result shows a clear value."""
        leaks = []
        for name, needs_args in sorted(public_methods(record).items()):
            if needs_args or name in NOT_PROBED or name in ENFORCED:
                continue
            try:
                with self.env.cr.savepoint():
                    result = getattr(record, name)()
                    text = repr(result)
            except Exception:  # noqa: BLE001 - refused or failing calls return nothing
                continue
            leaks.extend(f"{record._name}.{name}() -> {s}" for s in self.secrets if s in text)
        return leaks

    def test_03_methods_without_arguments_return_no_clear_value(self):
        user = self.user_salesperson
        records = [
            self.person,
            self.person.bank_ids,
            self.portal_user,
            self.env["mail.followers"].search(
                [("res_model", "=", "res.partner"), ("partner_id", "=", self.contact.id)], limit=1
            ),
            self.visit,
        ]
        leaks = []
        for record in records:
            self.assertTrue(record, "a probe record is missing")
            leaks += self._probe(record.with_user(user).with_context(lang="en_US"))
        self.assertFalse(leaks)

    def test_04_enforced_read_paths_mask(self):
        """The enforced primitives, called directly as the uncleared salesperson."""
        Partner = self.Partner.with_user(self.user_salesperson)
        person = self.person.with_user(self.user_salesperson)
        spec = {f: {} for f in ("mobile", "email", "street", "zip", "birthday", "resident_id")}
        payloads = [
            person.read(list(spec)),
            Partner.search_read([("id", "=", self.person.id)], list(spec)),
            person.web_read(spec),
            Partner.web_search_read([("id", "=", self.person.id)], spec),
            person.copy_data(),
            person.with_context(show_email=True, show_address=True).display_name,
            self.portal_user.with_user(self.user_salesperson).read(["email", "mobile"]),
            self.env["mail.followers"]
            .with_user(self.user_salesperson)
            .search_read([("partner_id", "=", self.contact.id)], ["email"]),
            self.person.bank_ids.with_user(self.user_salesperson).read(
                ["acc_number", "sanitized_acc_number", "display_name"]
            ),
            self.env["account.move"]
            .with_user(self.user_salesperson)
            .new({"partner_bank_id": self.person.bank_ids.id})
            .read(["partner_bank_id"]),
        ]
        leaks = [s for payload in payloads for s in self.secrets if s in repr(payload)]
        self.assertFalse(leaks)
        # the same paths give the values to a cleared manager (the probe is not blind)
        clear = self.person.with_user(self.user_manager).read(["mobile", "resident_id"])[0]
        self.assertEqual((clear["mobile"], clear["resident_id"]), ("139 5716 2231", self.ric))

    def test_05_copy_carries_no_masked_value(self):
        person = self.person.with_user(self.user_salesperson)
        copy = person.copy({"name": "覆盖测试 副本"})
        self.assertFalse(copy.sudo().mobile)
        self.assertFalse(copy.sudo().resident_id)
        # a cleared manager copies the values
        copy = self.person.with_user(self.user_manager).copy({"name": "覆盖测试 副本二"})
        self.assertEqual(copy.sudo().mobile, "139 5716 2231")

    def test_06_onchange_masks_what_the_server_puts_in_the_form(self):
        """A new contact under an archive gets its address from the archive in the onchange:
        masked when the address is classified for archives, like read() masks it."""
        rule = self.env.ref("customer_archive.sensitive_field_street")
        rule.scope = "archive"
        company = self._create_archive(
            name="地址公司", street="机密路8号", user_id=self.user_salesperson.id
        )
        Partner = self.Partner.with_user(self.user_salesperson)
        spec = {"parent_id": {}, "street": {}, "name": {}, "type": {}}
        result = Partner.onchange(
            {"name": "新联系人", "type": "contact", "parent_id": company.id}, ["parent_id"], spec
        )
        self.assertNotIn("机密路", repr(result))
        self.assertIn("***", result["value"]["street"])
        # saving the form with the mask sent back keeps the archive's real address
        contact = Partner.create(
            {
                "name": "新联系人",
                "type": "contact",
                "parent_id": company.id,
                "street": result["value"]["street"],
            }
        )
        self.assertEqual(contact.sudo().street, "机密路8号")
        result = self.Partner.with_user(self.user_manager).onchange(
            {"name": "新联系人", "type": "contact", "parent_id": company.id}, ["parent_id"], spec
        )
        self.assertEqual(result["value"]["street"], "机密路8号")
