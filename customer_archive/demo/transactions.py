"""Demo transactions of the customer archives: demo data only, never imported by the addon's
models. demo/customer_archive_transactions_demo.xml calls ``res.company``'s
``_load_customer_archive_demo_transactions``, which runs :func:`load_demo_transactions`.

Creates a few office-supply products, confirmed sale orders spread over the last 24 months for
the demo enterprise archives, posted customer invoices (some paid, some partly paid, some
overdue) and two credit notes, then runs the lifecycle rule so that the archive statuses
(active / dormant / lost) match the transactions.
"""

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import Command, fields

_logger = logging.getLogger(__name__)

# key: (name, internal reference, sales price)
DEMO_PRODUCTS = {
    "office_chair": ("人体工学办公椅", "BG-YZ-001", 680.0),
    "copy_paper": ("A4 复印纸（70g，5 包/箱）", "BG-ZZ-070", 165.0),
    "laser_printer": ("黑白激光打印机（双面）", "BG-DY-210", 1890.0),
    "file_cabinet": ("四门钢制文件柜", "BG-WJ-004", 1250.0),
    "meeting_table": ("2.4 米会议桌", "BG-HY-240", 3600.0),
    "shredder": ("五级保密碎纸机", "BG-SZ-005", 980.0),
}

# Archive (xml id in customer_archive) -> orders: (days ago, [(product key, quantity)], options)
# options: "paid" (default for invoices older than 45 days), "unpaid", "partial",
# "no_invoice", "by_contact" (ordered by the main contact), "refund_partial", "refund_full".
# Last orders: < 180 days ago -> active; 180-364 days -> dormant; >= 365 days -> lost.
DEMO_ORDERS = {
    # active customers
    # the key account (tier A): five orders and about ¥120,000 in the last 12 months, paid on
    # time, the last one 12 days ago
    "partner_xihu_tea": [
        (690, [("office_chair", 20), ("file_cabinet", 6)], ()),
        (420, [("copy_paper", 40)], ()),
        (330, [("meeting_table", 6), ("office_chair", 48)], ()),
        (250, [("laser_printer", 6), ("copy_paper", 60)], ()),
        (180, [("file_cabinet", 10), ("shredder", 4)], ()),
        (95, [("copy_paper", 80), ("laser_printer", 4)], ()),
        (12, [("shredder", 2), ("copy_paper", 30)], ("no_invoice", "by_contact")),
    ],
    "partner_yongshun_mould": [
        (600, [("office_chair", 60), ("meeting_table", 3)], ()),
        (330, [("copy_paper", 80)], ()),
        (150, [("laser_printer", 4)], ()),
        (40, [("copy_paper", 100), ("file_cabinet", 10)], ("unpaid",)),
    ],
    "partner_jintai_elec": [
        (710, [("office_chair", 120), ("meeting_table", 4)], ()),
        (520, [("copy_paper", 150)], ()),
        (380, [("laser_printer", 8), ("shredder", 3)], ()),
        (200, [("copy_paper", 150)], ()),
        (60, [("office_chair", 40), ("file_cabinet", 12)], ("refund_partial",)),
        (8, [("copy_paper", 120)], ("no_invoice",)),
    ],
    "partner_pujiang_office": [
        (650, [("laser_printer", 10)], ()),
        (400, [("laser_printer", 12), ("copy_paper", 60)], ()),
        (210, [("shredder", 6)], ()),
        (75, [("laser_printer", 8)], ("refund_full",)),
        (25, [("copy_paper", 80)], ()),
    ],
    "partner_zhilian_tech": [
        (300, [("office_chair", 80), ("meeting_table", 2)], ()),
        (120, [("file_cabinet", 15)], ()),
        (30, [("copy_paper", 40), ("laser_printer", 3)], ()),
    ],
    "partner_boyuan_soft": [
        (540, [("office_chair", 50)], ()),
        (260, [("copy_paper", 60)], ()),
        (100, [("laser_printer", 5), ("shredder", 2)], ("partial",)),
        (18, [("copy_paper", 60)], ()),
    ],
    "partner_qiantang_textile": [
        (480, [("copy_paper", 70)], ()),
        (170, [("office_chair", 30)], ()),
        (55, [("copy_paper", 70), ("file_cabinet", 8)], ("unpaid",)),
    ],
    "partner_taihu_env": [
        (360, [("meeting_table", 2), ("office_chair", 24)], ()),
        (140, [("copy_paper", 30)], ()),
    ],
    "partner_nanhu_food": [
        (280, [("copy_paper", 25), ("file_cabinet", 4)], ()),
        (110, [("office_chair", 16)], ()),
    ],
    "partner_oujiang_shoes": [
        (450, [("copy_paper", 40)], ()),
        (165, [("laser_printer", 2)], ()),
    ],
    "partner_haicang_medical": [
        (45, [("office_chair", 36), ("meeting_table", 2), ("laser_printer", 4)], ()),
    ],
    # dormant customers
    "partner_jinling_stationery": [
        (700, [("copy_paper", 200)], ()),
        (500, [("copy_paper", 180)], ()),
        (240, [("copy_paper", 150), ("shredder", 4)], ()),
    ],
    "partner_hushun_scm": [
        (420, [("file_cabinet", 20)], ()),
        (215, [("copy_paper", 60)], ()),
    ],
    "partner_minjiang_furniture": [
        (560, [("laser_printer", 3)], ()),
        (300, [("copy_paper", 30)], ()),
    ],
    "partner_yunfan_it": [
        (330, [("office_chair", 30), ("laser_printer", 2)], ()),
        (190, [("copy_paper", 20)], ()),
    ],
    "partner_shujin_catering": [
        (260, [("laser_printer", 6), ("copy_paper", 40)], ("unpaid",)),
    ],
    # lost customers
    "partner_ludao_trade": [
        (720, [("copy_paper", 120)], ()),
        (560, [("copy_paper", 100), ("shredder", 5)], ()),
        (400, [("copy_paper", 90)], ("unpaid",)),
    ],
    "partner_tianhe_trade": [
        (680, [("copy_paper", 150), ("office_chair", 20)], ()),
        (450, [("copy_paper", 100)], ("partial",)),
    ],
    "partner_jinghua_print": [
        (600, [("copy_paper", 300)], ()),
        (390, [("laser_printer", 2)], ()),
    ],
    "partner_rongda_building": [
        (530, [("office_chair", 12), ("file_cabinet", 6)], ("unpaid",)),
        (410, [("copy_paper", 40), ("laser_printer", 1)], ("unpaid",)),
    ],
}


def load_demo_transactions(env):
    """Create the demo products, orders, invoices, payments and credit notes (once)."""
    if env.ref("customer_archive.demo_product_office_chair", raise_if_not_found=False):
        _logger.info("customer_archive demo: transactions already loaded, skipped")
        return
    company = env.company
    if not _ensure_chart_of_accounts(env, company):
        return
    today = fields.Date.context_today(env.user)
    products = _create_demo_products(env)

    # 1. Confirmed sale orders, in one batch.
    payment_term = env.ref("account.account_payment_term_30days", raise_if_not_found=False)
    order_vals, plans = [], []
    for xmlid, orders in DEMO_ORDERS.items():
        partner = env.ref(f"customer_archive.{xmlid}", raise_if_not_found=False)
        if not partner:
            continue
        for days_ago, lines, options in orders:
            customer = partner
            if "by_contact" in options:
                customer = partner.child_ids.filtered("is_main_contact")[:1] or partner
            order_vals.append(
                {
                    "partner_id": customer.id,
                    "user_id": partner.user_id.id,
                    "company_id": company.id,
                    "payment_term_id": payment_term.id if payment_term else False,
                    "client_order_ref": f"CG{(today - timedelta(days=days_ago)):%Y%m%d}{len(plans) + 1:03d}",
                    "order_line": [
                        Command.create({"product_id": products[key].id, "product_uom_qty": qty})
                        for key, qty in lines
                    ],
                }
            )
            plans.append((partner, today - timedelta(days=days_ago), set(options)))
    orders = env["sale.order"].create(order_vals)
    orders.action_confirm()
    # action_confirm stamps the confirmation time: move each order back to its own date
    # (10:00 in China, 02:00 UTC).
    for order, (_partner, day, _options) in zip(orders, plans):
        order.date_order = datetime.combine(day, time(2, 0))
    plan_by_order = dict(zip(orders.ids, plans))

    # 2. Customer invoices, one per order, posted in date order.
    to_invoice = orders.filtered(lambda o: "no_invoice" not in plan_by_order[o.id][2])
    invoices = to_invoice._create_invoices(grouped=True)
    invoice_plan = {}
    for invoice in invoices:
        order = invoice.line_ids.sale_line_ids.order_id[:1]
        _partner, day, options = plan_by_order[order.id]
        invoice_day = min(day + timedelta(days=order.id % 3 + 1), today)
        invoice.write({"invoice_date": invoice_day, "delivery_date": invoice_day})
        invoice_plan[invoice.id] = (invoice_day, options)
    invoices = invoices.sorted(lambda m: (m.invoice_date, m.id))
    invoices.action_post()

    # 3. Payments (one batch): invoices older than 45 days are paid 20-35 days after their
    # date unless the plan says otherwise; "partial" ones are half paid.
    bank = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    to_pay = []
    for invoice in invoices:
        invoice_day, options = invoice_plan[invoice.id]
        if options & {"unpaid", "refund_full", "refund_partial"}:
            continue
        if (today - invoice_day).days <= 45:
            continue
        amount = invoice.amount_residual
        if "partial" in options:
            amount = invoice.currency_id.round(amount / 2)
        to_pay.append((invoice, amount, invoice_day + timedelta(days=20 + invoice.id % 16)))
    if bank and to_pay:
        payments = (
            env["account.payment"]
            .with_context(skip_invoice_sync=True)
            .create(
                [
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": invoice.commercial_partner_id.id,
                        "amount": amount,
                        "currency_id": invoice.currency_id.id,
                        "date": min(pay_day, today),
                        "journal_id": bank.id,
                        "memo": invoice.name,
                    }
                    for invoice, amount, pay_day in to_pay
                ]
            )
        )
        payments.action_post()
        for payment, (invoice, _amount, _day) in zip(payments, to_pay):
            _reconcile_receivables(payment.move_id | invoice)
            invoice.matched_payment_ids += payment

    # 4. Credit notes: a partial return and a full cancellation.
    refunds = env["account.move"]
    for invoice in invoices:
        invoice_day, options = invoice_plan[invoice.id]
        refund_day = min(invoice_day + timedelta(days=10), today)
        if "refund_full" in options:
            refunds |= invoice._reverse_moves(
                [
                    {
                        "invoice_date": refund_day,
                        "date": refund_day,
                        "ref": f"冲销 {invoice.name}：开票单价有误，作废重开",
                    }
                ],
                cancel=True,
            )
        elif "refund_partial" in options:
            refund = invoice._reverse_moves(
                [
                    {
                        "invoice_date": refund_day,
                        "date": refund_day,
                        "ref": f"退货 {invoice.name}：2 把办公椅运输损坏",
                    }
                ]
            )
            chair_lines = refund.invoice_line_ids.filtered(
                lambda line: line.product_id == products["office_chair"]
            )
            refund.write(
                {
                    "invoice_line_ids": [Command.update(chair_lines[:1].id, {"quantity": 2})]
                    + [
                        Command.delete(line.id)
                        for line in refund.invoice_line_ids - chair_lines[:1]
                    ]
                }
            )
            refund.action_post()
            # The return is deducted from the invoice, which stays open (and overdue).
            _reconcile_receivables(refund | invoice)
            refunds |= refund

    # 5. Lifecycle: archives with orders start as active; the rule moves idle ones on.
    partners = env["res.partner"].browse({plan[0].id for plan in plans})
    active = env.ref("customer_archive.archive_status_active")
    partners.with_context(mail_notrack=True).write({"archive_status_id": active.id})
    env["res.partner"]._cron_update_archive_lifecycle()
    # The salespeople answered the lifecycle's "Lost Reason" activity for all lost archives but
    # one, which still waits for its reason (Churn Analysis shows both).
    lost = partners.filtered(lambda p: p.archive_stage == "lost").sorted("id")
    reasons = ["lost_reason_price", "lost_reason_competitor", "lost_reason_closed"]
    for partner, reason in zip(lost[:-1], reasons * len(lost)):
        partner.write({"lost_reason_id": env.ref(f"customer_archive.{reason}").id})
    stages = defaultdict(int)
    for partner in partners:
        stages[partner.archive_stage] += 1
    _logger.info(
        "customer_archive demo: %s products, %s orders, %s invoices, %s credit notes; stages %s",
        len(products),
        len(orders),
        len(invoices),
        len(refunds),
        dict(stages),
    )


def _ensure_chart_of_accounts(env, company):
    """Make sure ``company`` has a chart of accounts and a sales journal.

    When account is installed in the same run as this addon, account only loads the chart
    once the registry is fully loaded (``ir.module.module._register_hook``), i.e. after our
    demo data: run that pending loading now. Returns False (and logs) when there is still
    no sales journal, so the demo transactions are skipped instead of failing the install."""
    if not company.chart_template:
        pending = getattr(env.registry, "_auto_install_template", None)
        if pending:
            _logger.info("customer_archive demo: loading the pending chart of accounts")
            pending(env)
            del env.registry._auto_install_template
        else:
            ChartTemplate = env["account.chart.template"]
            mapping = ChartTemplate._get_chart_template_mapping()
            template = ChartTemplate._guess_chart_template(company.country_id)
            module = env["ir.module.module"].search(
                [("name", "=", mapping.get(template, {}).get("module"))]
            )
            if module.state != "installed":
                # Installing a localisation module in the middle of an install is not
                # possible: fall back to the generic chart of accounts.
                template = "generic_coa"
            _logger.info("customer_archive demo: loading the chart of accounts %s", template)
            # _load rather than try_loading: the registry is not loaded yet on purpose.
            ChartTemplate.sudo()._load(template, company, install_demo=False)  # company set-up
        company.invalidate_recordset()
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    if not journal:
        _logger.warning(
            "customer_archive demo: company %s has no sales journal, demo transactions skipped",
            company.name,
        )
        return False
    return True


def _reconcile_receivables(moves):
    """Reconcile the open receivable lines of ``moves`` (same partner)."""
    moves.line_ids.filtered(
        lambda line: (
            line.account_id.account_type == "asset_receivable"
            and not line.reconciled
            and line.parent_state == "posted"
        )
    ).reconcile()


def _create_demo_products(env):
    """The office-supply products of the demo orders, with xml ids (keyed by DEMO_PRODUCTS)."""
    templates = env["product.template"].create(
        [
            {
                "name": name,
                "default_code": code,
                "type": "consu",
                "list_price": price,
                "standard_price": round(price * 0.62, 2),
                "invoice_policy": "order",
                "sale_ok": True,
            }
            for name, code, price in DEMO_PRODUCTS.values()
        ]
    )
    env["ir.model.data"]._update_xmlids(
        [
            {
                "xml_id": f"customer_archive.demo_product_{key}",
                "record": template.product_variant_id,
                "noupdate": True,
            }
            for key, template in zip(DEMO_PRODUCTS, templates)
        ]
    )
    return {key: template.product_variant_id for key, template in zip(DEMO_PRODUCTS, templates)}
