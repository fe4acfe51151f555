from . import customer_archive_tier_override
