def uninstall_hook(env):
    """Partners are customer data: uninstalling the archive must not delete any, not even the
    demo customers and contacts this module created. Release them from the module's data so
    the uninstall keeps them."""
    env["ir.model.data"].search(
        [("module", "=", "customer_archive"), ("model", "=", "res.partner")]
    ).unlink()

    # The indexes the tier engine added to sale_order and account_move.
    env.cr.execute("DROP INDEX IF EXISTS customer_archive_sale_order_write_date_idx")
    env.cr.execute("DROP INDEX IF EXISTS customer_archive_account_move_write_date_idx")
    # ... and to res_partner (the partner columns of the module go with it, these too).
    env.cr.execute("DROP INDEX IF EXISTS customer_archive_res_partner_archive_write_date_idx")
    env.cr.execute("DROP INDEX IF EXISTS customer_archive_res_partner_untiered_idx")
    # The index the archive card's invoice sums use.
    env.cr.execute("DROP INDEX IF EXISTS customer_archive_account_move_commercial_partner_idx")
