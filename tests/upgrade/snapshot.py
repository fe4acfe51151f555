"""Run in `odoo-bin shell` before and after the upgrade (test_upgrade.py).

``snapshot(env, spec)`` returns, for every table holding the module's data, {id: digest of the
row} over the columns of ``spec`` (computed from the database when ``spec`` is None: the
first-version columns). Tables: those of the module's own models, the columns the module adds
to res_partner / res_company, its many2many tables and its system parameters.
"""

import json

# Columns an upgrade may rewrite without losing anything a person entered.
ALWAYS_SKIPPED = {"write_date", "write_uid"}
# Columns the 18.0.1.1.0 migration rewrites on purpose: after_checks() reads them instead.
MIGRATED = {
    "res_partner": {"completeness", "completeness_band"},
    "customer_archive_tier_profile": {"last_run_at"},
}


def _module_fields(env):
    env.cr.execute(
        """
        SELECT f.model, f.name, f.ttype, f.relation_table
          FROM ir_model_fields f
          JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
         WHERE d.module = 'customer_archive' AND f.store
        """
    )
    return env.cr.fetchall()


def _columns(env, table):
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        (table,),
    )
    return {row[0] for row in env.cr.fetchall()}


def build_spec(env):
    """{table: [columns]} for id-keyed tables, {table: None} for many2many tables."""
    imd = env["ir.model.data"].search(
        [("module", "=", "customer_archive"), ("model", "=", "ir.model")]
    )
    own = set()
    for name in env["ir.model"].browse(imd.mapped("res_id")).mapped("model"):
        if name not in env:
            continue
        model = env[name]
        if model._transient or model._abstract or not model._auto:
            continue
        if model._original_module == "customer_archive":
            own.add(model._table)
    spec = {
        table: sorted(_columns(env, table) - ALWAYS_SKIPPED - MIGRATED.get(table, set()))
        for table in own
    }
    for model, fname, ttype, relation_table in _module_fields(env):
        if model not in env or env[model]._transient or not env[model]._auto:
            continue  # wizards (vacuumed) and SQL views (derived)
        table = env[model]._table
        if ttype == "many2many" and relation_table:
            spec[relation_table] = None
        elif (
            table not in own
            and fname in _columns(env, table)
            and fname not in MIGRATED.get(table, ())
        ):
            spec.setdefault(table, ["id"])
            if fname not in spec[table]:
                spec[table].append(fname)
    return {table: sorted(cols) if cols else cols for table, cols in spec.items()}


def snapshot(env, spec=None):
    spec = spec or build_spec(env)
    rows = {}
    for table, columns in sorted(spec.items()):
        existing = _columns(env, table)
        if columns is None:  # many2many: the pairs themselves
            cols = sorted(existing)
            env.cr.execute(
                f'SELECT {", ".join(cols)} FROM "{table}" ORDER BY 1, 2'  # noqa: S608 - catalog names
            )
            rows[table] = {"pairs": [list(r) for r in env.cr.fetchall()]}
            continue
        missing = [c for c in columns if c not in existing]
        cols = [c for c in columns if c in existing]
        values = ", ".join(f'"{c}"' for c in cols)
        env.cr.execute(
            f'SELECT id, md5(json_build_array({values})::text) FROM "{table}"'  # noqa: S608
        )
        rows[table] = {"rows": dict(env.cr.fetchall()), "missing_columns": missing}
    env.cr.execute(
        "SELECT key, value FROM ir_config_parameter WHERE key LIKE 'customer_archive.%%' ORDER BY key"
    )
    rows["ir_config_parameter"] = {"params": dict(env.cr.fetchall())}
    return spec, rows


def after_checks(env):
    """What the migrations promise, read back after the upgrade."""
    env.cr.execute("SELECT latest_version FROM ir_module_module WHERE name = 'customer_archive'")
    version = env.cr.fetchone()[0]
    archives = (
        env["res.partner"]
        .with_context(active_test=False)
        .search([("is_customer_archive", "=", True)])
    )
    stored = {p.id: (p.completeness, p.completeness_band) for p in archives}
    # What the new code computes now (written, read back, rolled back).
    env.add_to_compute(archives._fields["completeness"], archives)
    env.add_to_compute(archives._fields["completeness_band"], archives)
    env.flush_all()
    env.invalidate_all()
    fresh = {p.id: (p.completeness, p.completeness_band) for p in archives}
    env.cr.rollback()
    env.cr.execute("SELECT count(*), count(last_run_at) FROM customer_archive_tier_profile")
    profiles, with_last_run = env.cr.fetchone()
    # The credit code became the tax ID: the old column is kept, its values are in vat.
    env.cr.execute(
        "SELECT count(*), count(*) FILTER (WHERE vat IS DISTINCT FROM credit_code)"
        " FROM res_partner WHERE COALESCE(credit_code, '') != ''"
    )
    credit_codes, credit_codes_not_in_vat = env.cr.fetchone()
    # 18.0.1.2.0: the access log entries of the upgrade (and one more, so that a chain exists)
    # are chained and the chain verifies.
    env["customer.archive.access.log"]._log("open", archives[:1])
    Chain = env["customer.archive.access.log.chain"]
    Chain._chain_pending()
    log_chains = Chain._verify_chains()
    env.cr.rollback()
    # 18.0.1.3.0 (pre-migrate): every archive and every contact of an archive is protected by
    # its archive, as the field's compute says.
    env.cr.execute(
        """SELECT count(p.archive_root_id),
                  array_agg(p.id ORDER BY p.id) FILTER (WHERE p.archive_root_id IS DISTINCT FROM
                      CASE WHEN p.is_customer_archive THEN p.id WHEN c.is_customer_archive THEN c.id END)
             FROM res_partner p LEFT JOIN res_partner c ON c.id = p.commercial_partner_id"""
    )
    protected, root_wrong = env.cr.fetchone()
    return {
        "archive_root_protected": protected,
        "archive_root_wrong": root_wrong or [],
        "credit_codes": credit_codes,
        "credit_codes_not_in_vat": credit_codes_not_in_vat,
        "log_chains": log_chains,
        "version": version,
        "completeness_stale": sorted(pid for pid in stored if stored[pid] != fresh[pid]),
        "profiles": profiles,
        "profiles_with_last_run": with_last_run,
    }


def dump(obj):
    return json.dumps(obj, default=str, sort_keys=True)
