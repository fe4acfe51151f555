def uninstall_hook(env):
    """Partners are customer data: uninstalling the archive must not delete any, not even the
    demo customers and contacts this module created. Release them from the module's data so
    the uninstall keeps them."""
    env["ir.model.data"].search(
        [("module", "=", "customer_archive"), ("model", "=", "res.partner")]
    ).unlink()
