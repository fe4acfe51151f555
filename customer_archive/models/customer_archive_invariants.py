"""Invariants of the archives, kept in create / write / copy where every path passes (forms,
RPC, nested one2many / many2many commands, ``load`` and base_import, ``copy``, the merge wizard):

- who may make a partner an archive, move a contact into or out of an archive (any change of
  ``archive_root_id``: parent, company flag, archive flag), set its salesperson, keeper or company;
- (records that point to an archive: customer_archive_link.py);
- an import (``load``) that creates or changes archives or their contacts, at any depth of the
  file's columns, is for archive managers only and is logged once.
"""

from odoo import api, models
from odoo.exceptions import AccessError

from .customer_archive_markers import import_tracker


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _archive_user_env(self):
        """The environment of the real user (``sudo`` left aside): their rights decide."""
        return self.env(su=False)

    def _archive_check_new_roots(self, old_roots):
        """After a create or write: a partner that entered an archive needs write access to it;
        one that left an archive (or stopped being one) needs an archive officer."""
        if self.env.su:
            return
        user = self.env.user
        for partner in self:
            old = old_roots.get(partner.id, self.browse())
            new = partner.archive_root_id
            if old == new:
                continue
            if old and not user._is_archive_officer():
                raise AccessError(
                    self.env._(
                        "Only an archive officer can take %(partner)s out of the customer archive "
                        "%(archive)s (missing right: Archive Officer).",
                        partner=partner.display_name,
                        archive=old.archive_number or old.display_name,
                    )
                )
            if new and not new.with_env(self._archive_user_env()).has_access("write"):
                raise AccessError(
                    self.env._(
                        "You cannot put %(partner)s into a customer archive you may not edit "
                        "(archive #%(archive)s).",
                        partner=partner.name or "",
                        archive=new.id,
                    )
                )

    def _archive_check_assignment(self, vals):
        """Salesperson, keeper and company of an archive: archive users may only name
        themselves as salesperson; officers assign anyone and set keeper and company; the
        company is one of the user's."""
        if self.env.su:
            return
        user = self.env.user
        new_archive = vals.get(
            "is_customer_archive",
            not self and self.env.context.get("default_is_customer_archive"),
        )
        if not new_archive and not any(p.is_customer_archive for p in self):
            return
        if new_archive and not user._is_archive_user():
            raise AccessError(
                self.env._(
                    "Only archive users can create customer archives (missing right: Archive User)."
                )
            )
        officer = user._is_archive_officer()
        if officer:
            company_id = vals.get("archive_company_id")
            if company_id and company_id not in user.company_ids.ids:
                raise AccessError(
                    self.env._(
                        "You cannot file an archive under a company you do not work for "
                        "(company #%(company)s).",
                        company=company_id,
                    )
                )
            return
        checks = [
            ("user_id", lambda value: value in (False, user.id), "Salesperson"),
            ("keeper_id", lambda value: value in (False, user.id), "Archive Keeper"),
            (
                "archive_company_id",
                lambda value: not self or all(p.archive_company_id.id == value for p in self),
                "Archive Company",
            ),
        ]
        for fname, allowed, _label in checks:
            if fname not in vals or fname not in self._fields:
                continue
            value = vals[fname]
            if self and all(p[fname].id == value for p in self):
                continue
            if not self and fname == "archive_company_id":
                if value and value not in user.company_ids.ids:
                    raise AccessError(
                        self.env._(
                            "You cannot file an archive under a company you do not work for "
                            "(company #%(company)s).",
                            company=value,
                        )
                    )
                continue
            if not allowed(value):
                raise AccessError(
                    self.env._(
                        "Only an archive officer can set %(field)s of a customer archive to someone "
                        "else (missing right: Archive Officer).",
                        field=self._fields[fname]._description_string(self.env),
                    )
                )

    def _archive_check_import(self):
        """During an import: archives and their contacts are for archive managers only."""
        tracker = import_tracker(self.env)
        if tracker is None:
            return
        touched = self.sudo().filtered("archive_root_id")  # sudo: the flag decides, not returned
        if not touched:
            return
        if not (self.env.su or self.env.user._is_archive_manager()):
            tracker.refused = True  # load() turns the error into a message: raise it again there
            self.env["res.partner"]._raise_archive_transfer_error("import")
        tracker.partners.update(touched.archive_root_id.ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._archive_check_assignment(vals)
        partners = super().create(vals_list)
        partners._archive_check_new_roots({})
        partners._archive_check_import()
        return partners

    def write(self, vals):
        self._archive_check_assignment(vals)
        old_roots = (
            {p.id: p.archive_root_id for p in self.sudo()}  # sudo: compared, never returned
            if not self.env.su
            else {}
        )
        result = super().write(vals)
        if not self.env.su:
            self._archive_check_new_roots(old_roots)
            self._archive_check_import()
        return result
