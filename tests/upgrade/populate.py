"""Run in `odoo-bin shell` on the FIRST released version of customer_archive (test_upgrade.py).

Adds, on top of the demo data, what people do with the addon so that every model of that
version holds rows, and edits records that came from data files (an upgrade must keep them).
Returns {model: row count} for every stored model the module defines.
"""

import datetime

from odoo import Command, fields


def _models(env):
    """Stored, non-transient models that the module defines (whatever that version has)."""
    imd = env["ir.model.data"].search(
        [("module", "=", "customer_archive"), ("model", "=", "ir.model")]
    )
    names = env["ir.model"].browse(imd.mapped("res_id")).mapped("model")
    return sorted(
        name
        for name in names
        if name in env and not env[name]._transient and not env[name]._abstract
    )


def main(env):
    today = fields.Date.context_today(env["res.partner"])
    admin = env.ref("base.user_admin")
    Partner = env["res.partner"].with_user(admin).with_context(tracking_disable=False)
    company = env.company

    # Settings (company fields of the addon) and the completeness field list (m2m).
    company.write(
        {
            "archive_dormant_days": 150,
            "archive_lost_days": 400,
            "archive_review_months": 4,
            "archive_completeness_field_ids": [
                Command.set(
                    env["ir.model.fields"]
                    .search(
                        [
                            ("model", "=", "res.partner"),
                            ("name", "in", ["phone", "email", "credit_code", "city"]),
                        ]
                    )
                    .ids
                )
            ],
            "visit_reminder_days": 5,
            "pool_enabled": True,
            "pool_warning_days": 6,
            "pool_cooldown_days": 20,
        }
    )

    # Records from data files (noupdate), edited by an administrator.
    env.ref("customer_archive.tier_a").name = "A - 战略客户"
    env.ref("customer_archive.customer_type_competitor").name = "同行竞争者"
    policy = env["customer.archive.visit.policy"].search([("company_id", "=", company.id)], limit=1)
    policy.min_visits_month = 7

    # Configuration records created by people.
    region = env["customer.archive.region"].create({"name": "升级测试大区"})
    ctype = env["customer.archive.type"].create({"name": "升级测试类型"})
    source = env["customer.archive.source"].create({"name": "升级测试来源"})
    hobby = env["customer.archive.hobby"].create({"name": "升级测试爱好"})
    method = env["customer.archive.visit.method"].create({"name": "升级测试方式"})
    purpose = env["customer.archive.visit.purpose"].create({"name": "升级测试目的"})
    outcome = env["customer.archive.visit.outcome"].create({"name": "升级测试结果"})

    # An enterprise archive with every kind of field, a contact, a person archive.
    rival = Partner.search([("customer_type_id.is_competitor", "=", True)], limit=1)
    company_archive = Partner.create(
        {
            "name": "升级测试贸易有限公司",
            "is_company": True,
            "is_customer_archive": True,
            "credit_code": "91350100M000100Y43",
            "legal_representative": "赵升级",
            "registered_capital": 5000000,
            "founding_date": datetime.date(2015, 3, 1),
            "business_scope": "办公用品批发",
            "employee_count": 42,
            "main_products": "纸张、文具",
            "market_capacity": "华东地区",
            "credit_rating": "a",
            "credit_notes": "按时付款",
            "organisation_notes": "总经理负责采购",
            "customer_type_id": ctype.id,
            "source_id": source.id,
            "region_id": region.id,
            "competitor_ids": [Command.set(rival.ids)],
            "phone": "0571-88886666",
            "city": "杭州",
        }
    )
    contact = Partner.create(
        {
            "name": "钱联系",
            "parent_id": company_archive.id,
            "is_customer_archive": True,
            "birthday": today - datetime.timedelta(days=365 * 30 - 2),
            "hobby_ids": [Command.set(hobby.ids)],
            "preferred_channel": "wechat",
            "wechat_id": "qian_upgrade",
            "qq": "123456",
            "resident_id": "11010519491231002X",
            "is_main_contact": True,
            "mobile": "13800000000",
        }
    )
    company_archive.action_mark_reviewed()

    # Tier overrides: one waiting for approval, one approved (history row, source manual).
    profile = env["customer.archive.tier.profile"].search([("company_id", "=", company.id)])
    profile.require_approval = True
    archives = Partner.search(
        [("is_customer_archive", "=", True), ("parent_id", "=", False)], limit=3
    )
    salesperson = env.ref("customer_archive.user_archive_user")
    for user, partner in ((salesperson, archives[0]), (admin, archives[1])):
        partner.sudo().user_id = salesperson
        wizard = (
            env["customer.archive.tier.override"]
            .with_user(user)
            .create(
                {
                    "partner_ids": [Command.set(partner.ids)],
                    "tier_id": env.ref("customer_archive.tier_b").id,
                    "reason": "升级测试",
                    "expiry_date": today + datetime.timedelta(days=30),
                }
            )
        )
        wizard.action_apply()
    profile.action_recompute_full()

    # Visits: a planned one with method/purpose, a done one with outcome and next step.
    Visit = env["customer.archive.visit"]
    Visit.create(
        {
            "partner_id": company_archive.id,
            "method_id": method.id,
            "purpose_id": purpose.id,
            "planned_date": fields.Datetime.now() + datetime.timedelta(days=1),
        }
    )
    done = Visit.create(
        {
            "partner_id": company_archive.id,
            "method_id": method.id,
            "purpose_id": purpose.id,
            "planned_date": fields.Datetime.now() - datetime.timedelta(hours=3),
        }
    )
    done.write(
        {
            "outcome_id": outcome.id,
            "summary": "<p>谈妥续约</p>",
            "feedback": "希望加快交货",
            "resolution": "已安排",
            "next_step": "寄送合同",
            "contact_ids": [Command.set(contact.ids)],
            "attachment_ids": [
                Command.create(
                    {"name": "现场照片.txt", "raw": b"photo", "res_model": "customer.archive.visit"}
                )
            ],
        }
    )
    done.action_done()

    # Public pool: release one archive, claim it back (two history rows).
    pooled = archives[2]
    pooled.sudo().user_id = salesperson
    pooled.with_user(salesperson).action_pool_release()
    pooled.with_user(env.ref("customer_archive.user_archive_officer")).action_pool_claim()

    # Scheduled actions of that version: lifecycle, visit policy, reminders.
    Partner._cron_update_archive_lifecycle()
    env["res.partner"]._cron_visit_policy()
    env["res.partner"]._cron_visit_reminders()

    env.flush_all()
    counts = {}
    for name in _models(env):
        env.cr.execute(f'SELECT count(*) FROM "{env[name]._table}"')  # noqa: S608 - model table
        counts[name] = env.cr.fetchone()[0]
    return counts
