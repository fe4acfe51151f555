"""Create an Odoo database for a Chinese company, as Odoo's database manager does.

Usage: .venv/bin/python scripts/createdb.py -c var/odoo.conf DB

`odoo.service.db.exp_create_database(..., lang='zh_CN', country_code='CN')` (the database
manager's "Language" and "Country" fields) creates the database with `base` and its demo data in
简体中文 and sets the main company's country to China and its currency to CNY. When `account`
is installed afterwards (`-i contacts,sale_management`), Odoo auto-installs the Chinese
localisation `l10n_cn` for that country and loads its chart template `cn` (中国会计科目表).
The company's name and address are then filled in, as a new customer would on the company form.
"""

import argparse
import sys

import odoo
from odoo.tools import config

COMPANY = {
    "name": "杭州西湖办公用品有限公司",
    "street": "西湖区文三路 90 号",
    "street2": "东部软件园 3 号楼 5 层",
    "city": "杭州市",
    "zip": "310012",
    "phone": "+86 571 8888 6666",
    "email": "info@xihu-office.example.cn",
    "website": "https://xihu-office.example.cn",
    # 统一社会信用代码 (USCC) whose check character validates (python-stdnum cn.uscc).
    "vat": "91330106MA27XKF38C",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("database")
    args = parser.parse_args()
    config.parse_config(["-c", args.config])
    # Language 简体中文 at creation, as a Chinese customer picks it: base makes it the default
    # language of new partners and users (the addon's demo activates English next to it).
    odoo.service.db.exp_create_database(
        args.database, True, "zh_CN", "admin", "admin", country_code="CN", phone=COMPANY["phone"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        if company.country_id.code != "CN":
            sys.exit(f"createdb: {args.database} was not created for China (see the log above)")
        company.write(dict(COMPANY, state_id=env.ref("base.state_cn_ZJ").id))
        print(
            f"createdb: {args.database}: {company.name}, {company.country_id.code}, {company.currency_id.name}"
        )


if __name__ == "__main__":
    main()
