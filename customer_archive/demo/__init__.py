# Demo data only: imported by res.company's _load_customer_archive_demo_transactions when the
# demo data is loaded, never by the addon's models.
