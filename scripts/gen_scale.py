#!/usr/bin/env python3
"""Scale data for customer_archive: N customer archives with M confirmed sale orders each and
their posted customer invoices, written in minutes through SQL.

Usage (with the venv python, cluster running, addon installed in the database):

    .venv/bin/python scripts/gen_scale.py --db bench_small --archives 10000 --orders 2

Without --db it writes into bench_<BENCH_SCALE> (bench/run.sh creates it); measured on 2 busy
cores: 10,000 archives x 10 orders in ~30 s, 100,000 x 10 (1,000,000 orders and invoices)
in ~4 min 15 s.

What is written, and how it stays consistent with what the addon reads:

* res_partner (COPY): companies (85 %) and individuals (15 %) with every archive field:
  is_customer_archive, archive_number ``SC`` + 8 digits (unique per company; the addon's
  sequence gives ``KH…`` numbers, so they never clash), archive_company_id, archive_date,
  archive_status_id / archive_stage (matching the generated transactions: last transaction
  < 180 days ago -> active, 180-364 -> dormant, >= 365 -> lost, i.e. what the lifecycle rule
  computes), customer_type_id, source_id, region_id, user_id spread over the demo users,
  keeper_id, vat = the credit code (valid check digit, unique: the organisation code is built
  from the archive counter), resident_id/birthday (valid, consistent) for individuals, completeness and
  completeness_band computed like ``_compute_completeness`` (same field list, same company
  configuration), next_review_date like ``_compute_next_review_date``, commercial_partner_id =
  id, company_id NULL, type 'contact', complete_name, commercial_company_name, customer_rank.
* sale_order (INSERT ... SELECT generate_series): state 'sale', invoice_status 'invoiced', every
  NOT NULL column, amounts from one sale_order_line per order (product of the demo data,
  quantity, list price, the company's default sales tax, also linked in
  account_tax_sale_order_line_rel). date_order is spread over the last 24 months; the first
  order of each archive is on its "last transaction" day.
* account_move: one posted customer invoice (out_invoice) per order in the company's sales
  journal, named like the journal's own sequence (``INV/<year>/<n>``, continuing after the
  highest existing number of each year, sequence_prefix/sequence_number filled, so invoices
  created later by Odoo continue the numbering), invoice_date = order day + 0-3 days,
  invoice_date_due = +30 days, amounts and their _signed variants, payment_state paid
  (residual 0) or not_paid (residual = total; some of them overdue), invoice_origin = order
  name.

  Only invoice HEADERS are written: no account_move_line (no journal items, so no receivable
  balance on the partner, no sale_order_line_invoice_rel link and no payment records). Writing
  three balanced lines per invoice would triple the volume; the addon only reads the headers
  (state, move_type, commercial_partner_id, invoice_date) and the order headers.

For speed, the plain indexes and the foreign keys of sale_order, sale_order_line,
account_tax_sale_order_line_rel and account_move are dropped during the load and rebuilt /
re-validated at the end, in the same transaction (an error rolls everything back). This locks
those tables: do not run it against a database a server is using.

Nothing else is touched (no mail followers, no chatter). Re-running adds more archives (numbers
continue after the highest SC number). Everything is written in one transaction, then ANALYZEd.
At the end it prints the rows written and the seconds taken.
"""

import argparse
import io
import logging
import os
import random
import sys
import time
from datetime import date, timedelta

import psycopg2
from dateutil.relativedelta import relativedelta
from stdnum.cn import ric, uscc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_logger = logging.getLogger("gen_scale")

# city: (region xml id, state code, USCC region code, resident id county codes, area code, streets)
CITIES = {
    "杭州": ("region_zhejiang", "ZJ", "330100", ["330102", "330106", "330108", "330110"], "0571",
           ["文三路", "天目山路", "延安路", "莫干山路", "江南大道"]),
    "宁波": ("region_zhejiang", "ZJ", "330200", ["330203", "330212"], "0574", ["中山东路", "百丈路", "江东北路"]),
    "温州": ("region_zhejiang", "ZJ", "330300", ["330302", "330304"], "0577", ["人民路", "学院路"]),
    "嘉兴": ("region_zhejiang", "ZJ", "330400", ["330402"], "0573", ["中山路", "由拳路"]),
    "苏州": ("region_jiangsu", "JS", "320500", ["320505", "320506", "320508"], "0512", ["干将路", "人民路", "星湖街"]),
    "南京": ("region_jiangsu", "JS", "320100", ["320102", "320104", "320106"], "025", ["中山路", "汉中路", "龙蟠路"]),
    "无锡": ("region_jiangsu", "JS", "320200", ["320211"], "0510", ["人民中路", "蠡湖大道"]),
    "上海": ("region_shanghai", "SH", "310000", ["310101", "310104", "310105", "310115"], "021",
           ["南京西路", "淮海中路", "张江路", "漕溪北路"]),
    "厦门": ("region_fujian", "FJ", "350200", ["350203", "350206"], "0592", ["湖滨南路", "嘉禾路"]),
    "福州": ("region_fujian", "FJ", "350100", ["350102", "350104"], "0591", ["五四路", "金山大道"]),
    "深圳": ("region_guangdong", "GD", "440300", ["440303", "440304", "440305"], "0755",
           ["深南大道", "科技园路", "福华路"]),
    "广州": ("region_guangdong", "GD", "440100", ["440104", "440106"], "020", ["天河路", "中山大道", "环市东路"]),
    "北京": ("region_beijing", "BJ", "110000", ["110101", "110105", "110108"], "010",
           ["中关村大街", "建国路", "东三环中路"]),
    "成都": ("region_sichuan", "SC", "510100", ["510104", "510107", "510108"], "028",
           ["人民南路", "天府大道", "蜀都大道"]),
}
BRAND_1 = "华鑫恒瑞金宏兴盛泰嘉永新佳德锦信博正天海"
BRAND_2 = "达源通丰利昌隆安诚远晟辉润邦创航宇康伟茂"
# industry: (business_model, business scope, main products)
INDUSTRIES = [
    ("机械制造", "manufacturer", "通用机械设备的研发、制造和销售。", "数控机床、减速机"),
    ("电子科技", "manufacturer", "电子元器件的研发、生产和销售；技术服务。", "连接器、线束组件"),
    ("贸易", "wholesaler", "日用百货、五金交电、办公用品的批发；货物进出口。", "办公用品、日用百货"),
    ("商贸", "wholesaler", "建筑材料、办公设备、家用电器的批发与零售。", "办公设备、家电"),
    ("办公用品", "retailer", "文具、办公用品、办公家具的零售。", "文具、办公家具"),
    ("信息技术", "service", "软件开发；信息技术咨询服务；数据处理服务。", "企业管理软件"),
    ("供应链管理", "service", "供应链管理服务；仓储服务（不含危险品）；货物运输代理。", "仓储配送"),
    ("食品", "manufacturer", "预包装食品的生产和销售。", "糕点、速冻食品"),
    ("纺织", "manufacturer", "纺织品、服装面料的生产和销售。", "面料、家纺"),
    ("建材", "wholesaler", "建筑材料、装饰材料的批发与零售。", "瓷砖、板材"),
    ("医疗器械", "manufacturer", "第二类医疗器械的生产与销售。", "医用耗材"),
    ("家具制造", "manufacturer", "家具、木制品的设计、生产和销售。", "办公家具、酒店家具"),
    ("印务", "manufacturer", "包装装潢印刷品、其他印刷品印刷。", "画册、包装印刷"),
    ("餐饮管理", "service", "餐饮管理；餐饮服务；会议及展览服务。", "连锁餐饮门店"),
    ("环保科技", "manufacturer", "环保设备的研发、制造和销售；环保工程施工。", "污水处理设备"),
    ("教育咨询", "service", "教育咨询（不含培训）；文化艺术交流活动策划。", "职业教育咨询"),
    ("五金制品", "manufacturer", "五金制品、模具的加工和销售。", "五金件、模具"),
    ("汽车配件", "manufacturer", "汽车零部件的研发、生产和销售。", "汽车内饰件"),
    ("包装材料", "manufacturer", "纸制品、塑料包装材料的生产和销售。", "纸箱、包装膜"),
    ("电器", "wholesaler", "家用电器、电子产品的批发与零售。", "小家电"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀英", "华", "建国", "志强", "晓梅", "海涛", "丽华", "文博", "佳怡", "子涵", "浩然", "雨桐", "思远"]
CHANNELS = ["phone", "mobile", "email", "wechat", "qq", "visit"]
RATINGS = ["aaa", "aa", "aa", "a", "a", "a", "b", "c"]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def parse_args(argv=None):
    # Without arguments (make scale): the bench database of BENCH_SCALE (small: 10,000 x 2).
    small = os.environ.get("BENCH_SCALE") == "small"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DB") or ("bench_small" if small else "bench_full"),
                        help="database (default BENCH_DB, else bench_<BENCH_SCALE>)")
    parser.add_argument("--archives", type=int, default=10000 if small else 100000,
                        help="archives to create (100000; 10000 when BENCH_SCALE=small)")
    parser.add_argument("--orders", type=int, default=2 if small else 10,
                        help="sale orders per archive (10; 2 when BENCH_SCALE=small)")
    parser.add_argument("--company-id", type=int, default=0, help="company (default: the main one)")
    parser.add_argument("--visits", type=int, default=0,
                        help="visits per archive on average (0 to twice that each, over the last "
                        "12 months) for the SC archives that have none yet; with --archives 0 "
                        "only the visits are written")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--chunk", type=int, default=20000, help="archives per COPY chunk")
    parser.add_argument("-c", "--config", default=os.path.join(ROOT, "var", "odoo.conf"))
    return parser.parse_args(argv)


# ----------------------------------------------------------------------------------------
# identity numbers
# ----------------------------------------------------------------------------------------
def organisation_code(counter):
    """GB 11714 organisation code (8 characters + check digit), unique per counter."""
    body = "MA"
    n = counter
    chars = []
    for _ in range(6):
        n, r = divmod(n, 31)
        chars.append(USCC_ALPHABET[r])
    body += "".join(reversed(chars))
    value = lambda c: int(c) if c.isdigit() else ord(c) - 55  # noqa: E731
    check = 11 - sum(value(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(region, counter):
    base = "91" + region + organisation_code(counter)
    return base + uscc.calc_check_digit(base)


def resident_id(county, birthday, serial):
    body = "%s%s%03d" % (county, birthday.strftime("%Y%m%d"), serial % 1000)
    return body + ric.calc_check_digit(body + "?")  # the check digit place is ignored


# ----------------------------------------------------------------------------------------
# context read through the ORM (configuration only)
# ----------------------------------------------------------------------------------------
def load_context(args):
    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    try:
        registry = odoo.modules.registry.Registry(args.db)
    except psycopg2.OperationalError as error:
        sys.exit(f"gen_scale: cannot open database {args.db}: {str(error).strip()}")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if "is_customer_archive" not in env["res.partner"]._fields:
            sys.exit(f"gen_scale: customer_archive is not installed in {args.db}")
        company = env["res.company"].browse(args.company_id) if args.company_id else env.ref("base.main_company")
        ref = lambda xmlid: env.ref(xmlid, raise_if_not_found=False)  # noqa: E731
        users = [ref(f"customer_archive.user_archive_{x}") for x in ("user", "officer", "manager", "admin")]
        users = [u for u in users if u] or list(env["res.users"].search([("share", "=", False)], limit=4))
        keepers = [u for u in users[:2]]
        Team = env["crm.team"]
        teams = {
            u.id: (Team.with_user(u)._get_default_team_id(
                user_id=u.id, domain=[("company_id", "in", [company.id, False])]).id or None)
            for u in users
        }
        Status = env["customer.archive.status"]
        statuses = {s: Status._get_default_for_stage(s).id for s in ("active", "dormant", "lost")}
        if not all(statuses.values()):
            sys.exit("gen_scale: an archive status is missing for active/dormant/lost")
        types = env["customer.archive.type"].search([("is_competitor", "=", False)]).ids
        sources = env["customer.archive.source"].search([]).ids
        regions = {}
        for city, (xmlid, *_rest) in CITIES.items():
            region = ref(f"customer_archive.{xmlid}")
            regions[city] = region.id if region else None
        states = {code: (ref(f"base.state_cn_{code}") or env["res.country.state"]).id or None
                  for code in {c[1] for c in CITIES.values()}}
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        if not journal:
            sys.exit(f"gen_scale: company {company.name} has no sales journal (no chart of accounts?)")
        products = [ref(f"customer_archive.demo_product_{k}") for k in (
            "office_chair", "copy_paper", "laser_printer", "file_cabinet", "meeting_table", "shredder")]
        products = [p for p in products if p] or list(env["product.product"].search(
            [("sale_ok", "=", True), ("type", "=", "consu"), ("list_price", ">", 0),
             ("company_id", "in", [company.id, False])], limit=6))
        if not products:
            sys.exit("gen_scale: no saleable product to put on the orders")
        tax = company.account_sale_tax_id
        tax_rate = tax.amount / 100.0 if tax and tax.amount_type == "percent" else 0.0
        term = ref("account.account_payment_term_30days")
        # like sale.order: a pricelist only when the pricelist feature is enabled
        pricelist = env["product.pricelist"]
        if env.ref("base.group_user").implied_ids & (ref("product.group_product_pricelist") or pricelist):
            pricelist = pricelist.search([("company_id", "in", [company.id, False])], limit=1)
        Partner = env["res.partner"]
        completeness_fields = Partner._get_completeness_fields()
        configured = set(company.archive_completeness_field_ids.mapped("name"))
        admin = ref("base.user_admin")
        # stored archive fields this generator leaves empty (tells when the addon grew new ones)
        unfilled = sorted(
            name for name, field in Partner._fields.items()
            if field.store and "customer_archive" in (field._modules or ()) and name not in PARTNER_COLUMNS
            and field.type not in ("one2many", "many2many")
        )
        ctx = {
            "company_id": company.id,
            "company_name": company.name,
            "currency_id": company.currency_id.id,
            "rounding": company.currency_id.rounding,
            "review_months": company.archive_review_months,
            "dormant_days": company.archive_dormant_days,
            "lost_days": company.archive_lost_days,
            "require_signature": bool(company.portal_confirmation_sign),
            "require_payment": bool(company.portal_confirmation_pay),
            "prepayment_percent": company.prepayment_percent or 1.0,
            "quotation_validity_days": company.quotation_validity_days or 30,
            "users": [u.id for u in users],
            "keepers": [u.id for u in keepers],
            "teams": teams,
            "statuses": statuses,
            "types": types,
            "sources": sources,
            "regions": regions,
            "states": states,
            "country_id": ref("base.cn").id,
            "lang": (admin.lang if admin else None) or env.lang or "en_US",
            "journal_id": journal.id,
            "journal_code": journal.code,
            "products": [(p.id, p.display_name, p.lst_price, p.uom_id.id) for p in products],
            "tax_id": tax.id if tax else None,
            "tax_rate": tax_rate,
            "payment_term_id": term.id if term else None,
            "pricelist_id": pricelist.id or None,
            "completeness_fields": completeness_fields,
            "completeness_configured": configured,
            "dsn": odoo.sql_db.connection_info_for(args.db)[1],
            "unfilled": unfilled,
        }
    return ctx


# ----------------------------------------------------------------------------------------
# archives
# ----------------------------------------------------------------------------------------
PARTNER_COLUMNS = [
    "id", "name", "complete_name", "commercial_company_name", "type", "active", "is_company",
    "commercial_partner_id", "lang", "partner_share", "color", "message_bounce", "supplier_rank",
    "customer_rank", "invoice_warn", "sale_warn", "autopost_bills", "email", "email_normalized",
    "phone", "phone_sanitized", "mobile", "street", "zip", "city", "state_id", "country_id",
    "user_id", "keeper_id", "is_customer_archive", "archive_number", "archive_company_id",
    "archive_date", "archive_status_id", "archive_stage", "customer_type_id", "source_id",
    "region_id", "vat", "legal_representative", "registered_capital", "founding_date",
    "business_scope", "business_model", "annual_turnover", "employee_count", "main_products",
    "credit_rating", "birthday", "preferred_channel", "wechat_id", "qq", "resident_id",
    "last_review_date", "next_review_date", "completeness", "completeness_band",
    "archive_root_id", "confidentiality_level",
    "create_uid", "create_date", "write_uid", "write_date",
]


def person_name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def make_archive(rng, ctx, pid, counter, today, now, orders):
    """One archive row (dict) and its 'last transaction' age in days."""
    city = rng.choice(list(CITIES))
    region_xmlid, state, uscc_region, counties, area, streets = CITIES[city]
    is_company = rng.random() < 0.85
    sparse = rng.random() < 0.12  # badly filled archives, for the completeness bands
    keep = lambda p=0.9: rng.random() < (0.45 if sparse else p)  # noqa: E731
    profile = rng.random()
    if profile < 0.55:
        age, stage = rng.randint(0, 170), "active"
    elif profile < 0.8:
        age, stage = rng.randint(185, 355), "dormant"
    else:
        age, stage = rng.randint(375, 700), "lost"
    user = rng.choice(ctx["users"])
    row = dict.fromkeys(PARTNER_COLUMNS)
    number = "SC%08d" % counter
    if is_company:
        industry, model, scope, products = rng.choice(INDUSTRIES)
        name = "%s%s%s%s%s" % (city, rng.choice(BRAND_1), rng.choice(BRAND_2), industry,
                               "股份有限公司" if rng.random() < 0.1 else "有限公司")
        founded = today - timedelta(days=rng.randint(3 * 365, 30 * 365))
        capital = rng.choice([100, 200, 300, 500, 800, 1000, 2000, 5000]) * 10000
        row.update(
            name=name, commercial_company_name=name,
            vat=credit_code(uscc_region, counter),  # the credit code is the tax ID
            legal_representative=person_name(rng) if keep() else None,
            registered_capital=capital if keep() else None,
            founding_date=founded if keep() else None,
            business_scope=scope if keep() else None,
            business_model=model if keep() else None,
            annual_turnover=capital * rng.randint(2, 30) if keep(0.8) else None,
            employee_count=rng.randint(5, 2000) if keep() else None,
            main_products=products if keep() else None,
            credit_rating=rng.choice(RATINGS) if keep(0.85) else None,
            email="info%d@scale.example.cn" % counter if keep() else None,
            phone="%s-%04d %04d" % (area, rng.randint(5000, 8999), rng.randint(0, 9999)) if keep(0.95) else None,
        )
    else:
        name = person_name(rng)
        birthday = date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
        row.update(
            name=name,
            resident_id=resident_id(rng.choice(counties), birthday, counter) if keep() else None,
            birthday=birthday if keep() else None,
            mobile="1%d%d %04d %04d" % (rng.choice([3, 5, 8]), rng.randint(0, 9), rng.randint(0, 9999),
                                        rng.randint(0, 9999)) if keep(0.95) else None,
            wechat_id="wx_%d" % counter if keep(0.8) else None,
            qq=str(rng.randint(10000, 999999999)) if keep(0.5) else None,
            preferred_channel=rng.choice(CHANNELS) if keep() else None,
            email="u%d@scale.example.cn" % counter if keep(0.7) else None,
            phone=None,
        )
    archive_date = today - timedelta(days=rng.randint(731, 1100))
    reviewed = today - timedelta(days=rng.randint(0, 400)) if rng.random() < 0.6 else None
    start = reviewed or archive_date
    row.update(
        id=pid, complete_name=name, type="contact", active=True, is_company=is_company,
        commercial_partner_id=pid, lang=ctx["lang"], partner_share=True, color=0,
        message_bounce=0, supplier_rank=0, customer_rank=orders, invoice_warn="no-message",
        sale_warn="no-message", autopost_bills="ask",
        street="%s%s %d 号" % (city, rng.choice(streets), rng.randint(1, 999)) if keep(0.95) else None,
        zip=None, city=city if keep(0.97) else None, state_id=ctx["states"][state],
        country_id=ctx["country_id"],
        user_id=user if keep(0.97) else None, keeper_id=rng.choice(ctx["keepers"]),
        is_customer_archive=True, archive_number=number, archive_company_id=ctx["company_id"],
        archive_date=archive_date,
        archive_status_id=ctx["statuses"][stage], archive_stage=stage,
        customer_type_id=rng.choice(ctx["types"]) if ctx["types"] and keep(0.97) else None,
        source_id=rng.choice(ctx["sources"]) if ctx["sources"] and keep(0.85) else None,
        region_id=ctx["regions"][city] if keep(0.95) else None,
        last_review_date=reviewed,
        next_review_date=start + relativedelta(months=ctx["review_months"]),
        create_uid=1, create_date=now, write_uid=1, write_date=now,
        # visibility (models/res_partner_visibility.py): an archive protects itself
        archive_root_id=pid, confidentiality_level="internal",
    )
    row["email_normalized"] = row["email"]
    row["phone_sanitized"] = row["phone"]
    # completeness: same rule as res.partner._compute_completeness
    kind = "company" if is_company else "person"
    configured = ctx["completeness_configured"]
    names = [f for f, scope in ctx["completeness_fields"].items()
             if scope in ("all", kind) and (not configured or f in configured)]
    filled = sum(1 for f in names if row.get(f))
    rate = round(100 * filled / len(names)) if names else 100
    row["completeness"] = rate
    row["completeness_band"] = "high" if rate >= 80 else "medium" if rate >= 50 else "low"
    return row, age


def copy_value(value):
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy_rows(cur, table, columns, rows):
    buf = io.StringIO()
    for row in rows:
        values = [row[c] for c in columns] if isinstance(row, dict) else row
        buf.write("\t".join(copy_value(v) for v in values))
        buf.write("\n")
    buf.seek(0)
    cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)


def drop_indexes(cur, tables):
    """Drop the plain (non-unique, non-constraint) indexes of ``tables`` and return their
    definitions: building them once after the bulk insert is much faster than maintaining them
    row by row (several are trigram GIN indexes). Same transaction: a failure restores them."""
    cur.execute("""
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        WHERE c.relname = ANY(%s) AND c.relkind = 'r' AND NOT i.indisprimary AND NOT i.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    """, (list(tables),))
    definitions = cur.fetchall()
    for name, _definition in definitions:
        cur.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in definitions]


def drop_foreign_keys(cur, tables):
    """Drop the foreign keys of ``tables`` and return the statements that add them back.
    Checked row by row they cost more than the insert itself; added back, PostgreSQL validates
    each of them with one join over the table. Same transaction: a failure restores them."""
    cur.execute("""
        SELECT k.conrelid::regclass::text, k.conname, pg_get_constraintdef(k.oid)
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE c.relname = ANY(%s) AND k.contype = 'f'
    """, (list(tables),))
    statements = []
    for table, name, definition in cur.fetchall():
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        statements.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    return statements


# ----------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------
def main(argv=None):
    args = parse_args(argv)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s gen_scale: %(message)s"))
    _logger.addHandler(handler)
    _logger.setLevel(logging.INFO)
    _logger.propagate = False
    t0 = time.time()
    ctx = load_context(args)
    _logger.info("context loaded in %.1fs (company %s, journal %s, %d products, tax %.0f%%)",
                 time.time() - t0, ctx["company_name"], ctx["journal_code"], len(ctx["products"]),
                 ctx["tax_rate"] * 100)
    if ctx["unfilled"]:
        _logger.info("archive fields left empty: %s", ", ".join(ctx["unfilled"]))
    if args.visits and not args.archives:
        return gen_visits(ctx, args)
    rng = random.Random(args.seed)
    conn = psycopg2.connect(**ctx["dsn"])
    cur = conn.cursor()
    counts = {}
    timings = {}
    try:
        cur.execute("SELECT now() AT TIME ZONE 'UTC', CURRENT_DATE")
        now, today = cur.fetchone()
        # archive counter continues after the highest SC number of the company
        cur.execute("""SELECT COALESCE(MAX(substr(archive_number, 3)::bigint), 0) FROM res_partner
                       WHERE archive_company_id = %s AND archive_number ~ '^SC[0-9]+$'""",
                    (ctx["company_id"],))
        first = cur.fetchone()[0] + 1

        # 1. archives ---------------------------------------------------------------------
        t = time.time()
        cur.execute("""CREATE TEMP TABLE scale_partner (
                           pid int, user_id int, team_id int, age int, name varchar)
                       ON COMMIT DROP""")
        cur.execute("SELECT nextval('res_partner_id_seq') FROM generate_series(1, %s)", (args.archives,))
        ids = [r[0] for r in cur.fetchall()]
        done = 0
        for start in range(0, args.archives, args.chunk):
            rows, scale = [], []
            for i in range(start, min(start + args.chunk, args.archives)):
                row, age = make_archive(rng, ctx, ids[i], first + i, today, now, args.orders)
                rows.append(row)
                user = row["user_id"]
                scale.append((row["id"], user, ctx["teams"].get(user), age, row["name"]))
            copy_rows(cur, "res_partner", PARTNER_COLUMNS, rows)
            copy_rows(cur, "scale_partner", ["pid", "user_id", "team_id", "age", "name"], scale)
            done += len(rows)
            _logger.info("archives: %d/%d (%.1fs)", done, args.archives, time.time() - t)
        counts["res_partner"] = done
        timings["archives"] = time.time() - t

        # 2. sale orders + lines ------------------------------------------------------------
        t = time.time()
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # dropping indexes/foreign keys locks the tables: fail instead of waiting on a server
        cur.execute("SET LOCAL lock_timeout = '30s'")
        bulk_tables = ["sale_order", "sale_order_line", "account_tax_sale_order_line_rel", "account_move"]
        dropped = drop_indexes(cur, bulk_tables)
        dropped_fks = drop_foreign_keys(cur, bulk_tables)
        _logger.info("%d indexes and %d foreign keys dropped until the end of the load",
                     len(dropped), len(dropped_fks))
        cur.execute("SELECT setseed(%s)", ((args.seed % 1000) / 1000.0,))
        cur.execute("CREATE TEMP TABLE scale_product (idx int, id int, name text, price numeric, uom int) ON COMMIT DROP")
        copy_rows(cur, "scale_product", ["idx", "id", "name", "price", "uom"],
                  [(i, *p) for i, p in enumerate(ctx["products"])])
        cur.execute("""SELECT COALESCE(MAX(substr(name, 4)::bigint), 0) FROM sale_order
                       WHERE name ~ '^SCS[0-9]+$'""")
        first_order = cur.fetchone()[0] + 1
        # one row per order: the first order of an archive is on its "last transaction" day
        cur.execute("""
            CREATE TEMP TABLE scale_order ON COMMIT DROP AS
            SELECT nextval('sale_order_id_seq')::int AS id,
                   nextval('sale_order_line_id_seq')::int AS line_id,
                   p.pid, p.user_id, p.team_id,
                   (%(today)s::date - CASE WHEN g.n = 1 THEN p.age
                        ELSE p.age + floor(random() * (730 - p.age))::int END) AS day,
                   floor(random() * %(nprod)s)::int AS pidx,
                   (1 + floor(random() * 40))::numeric AS qty,
                   floor(random() * 4)::int AS invoice_delay,
                   random() AS paid_draw
            FROM scale_partner p CROSS JOIN generate_series(1, %(m)s) g(n)
        """, {"today": today, "nprod": len(ctx["products"]), "m": args.orders})
        cur.execute("""
            ALTER TABLE scale_order ADD COLUMN seq bigint, ADD COLUMN untaxed numeric,
                ADD COLUMN tax numeric, ADD COLUMN price numeric, ADD COLUMN product_id int,
                ADD COLUMN product_name text, ADD COLUMN uom int""")
        cur.execute("""
            UPDATE scale_order o SET
                seq = r.rn + %(first)s - 1,
                price = pr.price, product_id = pr.id, product_name = pr.name, uom = pr.uom,
                untaxed = round(o.qty * pr.price, 2),
                tax = round(round(o.qty * pr.price, 2) * %(rate)s, 2)
            FROM (SELECT id, row_number() OVER (ORDER BY day, id) AS rn FROM scale_order) r,
                 scale_product pr
            WHERE r.id = o.id AND pr.idx = o.pidx
        """, {"first": first_order, "rate": ctx["tax_rate"]})
        _logger.info("orders planned: %d (%.1fs)", cur.rowcount, time.time() - t)
        common = {
            "company": ctx["company_id"], "currency": ctx["currency_id"], "term": ctx["payment_term_id"],
            "sign": ctx["require_signature"], "pay": ctx["require_payment"],
            "prepay": ctx["prepayment_percent"], "validity": ctx["quotation_validity_days"],
            "now": now, "rate": ctx["tax_rate"], "tax": ctx["tax_id"], "pricelist": ctx["pricelist_id"],
        }
        # Inventory installed (the addon depends on stock; sale_stock auto-installs): an order
        # has a shipping policy and a warehouse, both required.
        cur.execute("""SELECT column_name FROM information_schema.columns
                       WHERE table_name = 'sale_order' AND column_name IN ('picking_policy', 'warehouse_id')""")
        stock_columns = {row[0] for row in cur.fetchall()}
        extra_columns, extra_values = "", ""
        if stock_columns == {"picking_policy", "warehouse_id"}:
            cur.execute("SELECT id FROM stock_warehouse WHERE company_id = %s ORDER BY id LIMIT 1",
                        (ctx["company_id"],))
            common["warehouse"] = cur.fetchone()[0]
            extra_columns, extra_values = ", picking_policy, warehouse_id", ", 'direct', %(warehouse)s"
        cur.execute("""
            INSERT INTO sale_order (
                id, name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
                currency_id, currency_rate, pricelist_id, payment_term_id, user_id, team_id,
                state, invoice_status, date_order, validity_date, amount_untaxed, amount_tax,
                amount_total, locked, require_signature, require_payment, prepayment_percent,
                create_uid, create_date, write_uid, write_date""" + extra_columns + """)
            SELECT o.id, 'SCS' || lpad(o.seq::text, greatest(9, length(o.seq::text)), '0'), o.pid, o.pid, o.pid, %(company)s,
                   %(currency)s, 1.0, %(pricelist)s, %(term)s, o.user_id, o.team_id,
                   'sale', 'invoiced', o.day + time '02:00', o.day + %(validity)s, o.untaxed, o.tax,
                   o.untaxed + o.tax, false, %(sign)s, %(pay)s, %(prepay)s,
                   1, %(now)s, 1, %(now)s""" + extra_values + """
            FROM scale_order o
        """, common)
        counts["sale_order"] = cur.rowcount
        _logger.info("sale_order: %d rows (%.1fs)", cur.rowcount, time.time() - t)
        cur.execute("""
            INSERT INTO sale_order_line (
                id, order_id, sequence, company_id, currency_id, order_partner_id, salesman_id,
                product_id, product_uom, state, qty_delivered_method, invoice_status, name,
                product_uom_qty, price_unit, technical_price_unit, discount, price_subtotal,
                price_tax, price_total, price_reduce_taxexcl, price_reduce_taxinc, qty_delivered,
                qty_invoiced, qty_to_invoice, untaxed_amount_invoiced, untaxed_amount_to_invoice,
                is_downpayment, is_expense, customer_lead, product_packaging_qty,
                create_uid, create_date, write_uid, write_date)
            SELECT o.line_id, o.id, 10, %(company)s, %(currency)s, o.pid, o.user_id,
                   o.product_id, o.uom, 'sale', 'manual', 'invoiced', o.product_name,
                   o.qty, o.price, o.price, 0, o.untaxed,
                   o.tax, o.untaxed + o.tax, o.price, round(o.price * (1 + %(rate)s), 2), 0,
                   o.qty, 0, o.untaxed, 0,
                   false, false, 0, 0,
                   1, %(now)s, 1, %(now)s
            FROM scale_order o
        """, common)
        counts["sale_order_line"] = cur.rowcount
        if ctx["tax_id"]:
            cur.execute("""INSERT INTO account_tax_sale_order_line_rel (sale_order_line_id, account_tax_id)
                           SELECT line_id, %(tax)s FROM scale_order""", common)
        timings["orders"] = time.time() - t
        _logger.info("sale_order_line: %d rows (%.1fs)", counts["sale_order_line"], time.time() - t)

        # 3. invoices (headers) -------------------------------------------------------------
        t = time.time()
        code = ctx["journal_code"]
        cur.execute("""SELECT sequence_prefix, MAX(sequence_number) FROM account_move
                       WHERE journal_id = %s AND sequence_prefix IS NOT NULL GROUP BY 1""",
                    (ctx["journal_id"],))
        last_numbers = dict(cur.fetchall())
        cur.execute("CREATE TEMP TABLE scale_seq (prefix varchar, last int) ON COMMIT DROP")
        years = range(today.year - 3, today.year + 1)
        copy_rows(cur, "scale_seq", ["prefix", "last"],
                  [(f"{code}/{y}/", last_numbers.get(f"{code}/{y}/", 0)) for y in years])
        cur.execute("""
            INSERT INTO account_move (
                name, sequence_prefix, sequence_number, journal_id, company_id, currency_id,
                move_type, state, auto_post, date, invoice_date, invoice_date_due,
                partner_id, commercial_partner_id, partner_shipping_id, invoice_partner_display_name,
                invoice_user_id, team_id, invoice_payment_term_id, invoice_origin, payment_reference,
                payment_state, invoice_currency_rate,
                amount_untaxed, amount_tax, amount_total, amount_residual,
                amount_untaxed_signed, amount_untaxed_in_currency_signed, amount_tax_signed,
                amount_total_signed, amount_total_in_currency_signed, amount_residual_signed,
                is_storno, always_tax_exigible, checked, posted_before, made_sequence_gap,
                is_manually_modified, is_move_sent,
                create_uid, create_date, write_uid, write_date)
            SELECT s.prefix || lpad((s.last + i.rn)::text, greatest(5, length((s.last + i.rn)::text)), '0'), s.prefix, s.last + i.rn,
                   %(journal)s, %(company)s, %(currency)s,
                   'out_invoice', 'posted', 'no', i.inv_day, i.inv_day, i.inv_day + 30,
                   i.pid, i.pid, i.pid, i.pname,
                   i.user_id, i.team_id, %(term)s, i.order_name, s.prefix || lpad((s.last + i.rn)::text, greatest(5, length((s.last + i.rn)::text)), '0'),
                   CASE WHEN i.paid THEN 'paid' ELSE 'not_paid' END, 1.0,
                   i.untaxed, i.tax, i.untaxed + i.tax, CASE WHEN i.paid THEN 0 ELSE i.untaxed + i.tax END,
                   i.untaxed, i.untaxed, i.tax,
                   i.untaxed + i.tax, i.untaxed + i.tax, CASE WHEN i.paid THEN 0 ELSE i.untaxed + i.tax END,
                   false, false, true, true, false,
                   false, true,
                   1, %(now)s, 1, %(now)s
            FROM (
                SELECT o.*, p.name AS pname, 'SCS' || lpad(o.seq::text, greatest(9, length(o.seq::text)), '0') AS order_name,
                       LEAST(o.day + o.invoice_delay, %(today)s::date) AS inv_day,
                       -- older than 60 days: 92 %% paid; younger: 40 %% paid
                       CASE WHEN %(today)s::date - o.day > 60 THEN o.paid_draw < 0.92
                            ELSE o.paid_draw < 0.4 END AS paid,
                       row_number() OVER (
                           PARTITION BY extract(year FROM LEAST(o.day + o.invoice_delay, %(today)s::date))
                           ORDER BY LEAST(o.day + o.invoice_delay, %(today)s::date), o.id) AS rn
                FROM scale_order o JOIN scale_partner p ON p.pid = o.pid
            ) i
            JOIN scale_seq s ON s.prefix = %(code)s || '/' || extract(year FROM i.inv_day)::int || '/'
        """, dict(common, journal=ctx["journal_id"], code=code, today=today))
        counts["account_move"] = cur.rowcount
        timings["invoices"] = time.time() - t
        _logger.info("account_move: %d rows (%.1fs)", cur.rowcount, time.time() - t)

        # 4. indexes, check and commit -----------------------------------------------------
        t = time.time()
        for definition in dropped:
            cur.execute(definition)
        _logger.info("%d indexes rebuilt (%.1fs)", len(dropped), time.time() - t)
        for statement in dropped_fks:
            cur.execute(statement)
        timings["indexes+fks"] = time.time() - t
        _logger.info("%d foreign keys added back and validated (%.1fs)", len(dropped_fks), time.time() - t)
        t = time.time()
        cur.execute("""SELECT count(*) FROM (SELECT vat FROM res_partner
                       WHERE is_customer_archive AND active AND vat IS NOT NULL
                         AND archive_company_id = %s
                       GROUP BY vat HAVING count(*) > 1) d""", (ctx["company_id"],))
        duplicates = cur.fetchone()[0]
        if duplicates:
            raise RuntimeError(f"{duplicates} duplicate credit codes, nothing written")
        conn.commit()
        timings["commit"] = time.time() - t
        t = time.time()
        conn.autocommit = True
        for table in ("res_partner", "sale_order", "sale_order_line", "account_move"):
            cur.execute(f"ANALYZE {table}")
        timings["analyze"] = time.time() - t
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()
    total = time.time() - t0
    print("gen_scale: db %s rows %s in %.1fs (%s)" % (
        args.db,
        " ".join(f"{k}={v}" for k, v in counts.items()),
        total,
        ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()),
    ))
    return 0


# ----------------------------------------------------------------------------------------
# visits (--visits)
# ----------------------------------------------------------------------------------------
def gen_visits(ctx, args):
    """Visits of the SC archives that have none, written with SQL (INSERT ... SELECT):

    * archives without a tier get one (A 10 %, B 20 %, C 40 %, D 30 %, from their id): the
      tier engine is not run on scale data and the visit policy needs a tier;
    * 0 to 2 x ``--visits`` visits per archive (average ``--visits``) by its salesperson, over
      the last 360 days (plus 5 % planned in the next 30 days): 80 % done, 8 % missed, 7 %
      cancelled, others planned; method, purpose and outcome from the configured ones;
      visit_date in the salesperson's time zone, like ``_compute_visit_date``;
    * last_visit_date, next_visit_due and visit_overdue of those archives, computed like
      ``_compute_last_visit_date`` / ``_compute_next_visit_due`` / ``_compute_visit_overdue``.
    One transaction, then ANALYZE."""
    t0 = time.time()
    conn = psycopg2.connect(**ctx["dsn"])
    cur = conn.cursor()
    counts = {}
    try:
        cur.execute("SELECT setseed(%s)", (((args.seed % 1000) / 1000.0),))
        cur.execute("SELECT id, code FROM customer_archive_tier")
        tiers = {code: tid for tid, code in cur.fetchall()}
        if set("ABCD") - set(tiers):
            raise RuntimeError("tiers A, B, C and D are needed")
        cur.execute("""
            UPDATE res_partner SET tier_id = CASE
                WHEN id %% 10 = 0 THEN %(A)s WHEN id %% 10 IN (1, 2) THEN %(B)s
                WHEN id %% 10 IN (3, 4, 5, 6) THEN %(C)s ELSE %(D)s END
             WHERE archive_number ~ '^SC[0-9]+$' AND tier_id IS NULL
        """, tiers)
        counts["tiers_set"] = cur.rowcount
        cur.execute("CREATE TEMP TABLE scale_visit_partner ON COMMIT DROP AS "
                    "SELECT p.id, p.user_id, p.archive_company_id AS company_id, "
                    "       floor(random() * (2 * %s + 1))::int AS n "
                    "  FROM res_partner p "
                    " WHERE p.archive_number ~ '^SC[0-9]+$' AND p.user_id IS NOT NULL "
                    "   AND NOT EXISTS (SELECT 1 FROM customer_archive_visit v WHERE v.partner_id = p.id)",
                    (args.visits,))
        cur.execute("""
            INSERT INTO customer_archive_visit (
                partner_id, company_id, user_id, state, planned_date, planned_duration, planned_end,
                actual_start, actual_end, visit_date, method_id, purpose_id, outcome_id, summary,
                feedback_state, next_step_scheduled, create_uid, create_date, write_uid, write_date)
            SELECT x.id, x.company_id, x.user_id, x.state, x.planned, 1.0,
                   x.planned + interval '1 hour',
                   CASE WHEN x.state = 'done' THEN x.planned END,
                   CASE WHEN x.state = 'done' THEN x.planned + interval '1 hour' END,
                   (x.planned AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(up.tz, 'UTC'))::date,
                   m.ids[1 + floor(random() * array_length(m.ids, 1))::int],
                   pu.ids[1 + floor(random() * array_length(pu.ids, 1))::int],
                   CASE WHEN x.state = 'done'
                        THEN o.ids[1 + floor(random() * array_length(o.ids, 1))::int] END,
                   -- a done visit has an outcome and a summary (see customer.archive.visit)
                   CASE WHEN x.state = 'done' THEN '<p>规模测试拜访纪要</p>' END,
                   'none', false, 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
              FROM (
                SELECT sp.id, sp.company_id, sp.user_id, r.draw,
                       CASE WHEN r.draw < 0.05 THEN 'planned'
                            WHEN r.draw < 0.85 THEN 'done'
                            WHEN r.draw < 0.93 THEN 'missed'
                            ELSE 'cancelled' END AS state,
                       CASE WHEN r.draw < 0.05
                            THEN date_trunc('hour', now() AT TIME ZONE 'UTC') + (1 + floor(r.draw * 600)) * interval '1 hour'
                            ELSE date_trunc('hour', now() AT TIME ZONE 'UTC') - (2 + floor(random() * 358 * 24)) * interval '1 hour'
                       END AS planned
                  FROM scale_visit_partner sp
                  CROSS JOIN LATERAL (SELECT g, random() AS draw FROM generate_series(1, sp.n) g) r
              ) x
              JOIN res_users u ON u.id = x.user_id
              JOIN res_partner up ON up.id = u.partner_id
             CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM customer_archive_visit_method) m
             CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM customer_archive_visit_purpose) pu
             CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM customer_archive_visit_outcome) o
        """)
        counts["customer_archive_visit"] = cur.rowcount
        cur.execute("""
            WITH last AS (
                SELECT v.partner_id, max(v.visit_date) AS day
                  FROM customer_archive_visit v JOIN scale_visit_partner sp ON sp.id = v.partner_id
                 WHERE v.state = 'done' GROUP BY v.partner_id
            )
            UPDATE res_partner p
               SET last_visit_date = last.day,
                   next_visit_due = COALESCE(last.day, p.archive_date) + pol.max_days_between,
                   visit_overdue = COALESCE(COALESCE(last.day, p.archive_date) + pol.max_days_between < CURRENT_DATE, false)
              FROM scale_visit_partner sp
              JOIN res_partner p2 ON p2.id = sp.id
              LEFT JOIN last ON last.partner_id = sp.id
              LEFT JOIN customer_archive_visit_policy pol
                ON pol.company_id = p2.archive_company_id AND pol.tier_id = p2.tier_id AND pol.active
             WHERE p.id = sp.id
        """)
        counts["partners_updated"] = cur.rowcount
        conn.commit()
        conn.autocommit = True
        cur.execute("ANALYZE customer_archive_visit")
        cur.execute("ANALYZE res_partner")
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()
    print("gen_scale: db %s visits %s in %.1fs" % (
        args.db, " ".join(f"{k}={v}" for k, v in counts.items()), time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
