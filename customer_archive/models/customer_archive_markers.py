"""Context values that server code sets and no client can send: objects, which JSON-RPC cannot
carry. A context key sent by a client with any other value is ignored."""

# A search made by server code on the user's behalf (mail looking up the partner of an e-mail
# address): the real values of masked fields are searched.
INTERNAL_SEARCH = object()


class CustomerArchiveImportTracker:
    """An import in progress (``load``): collects the archives it created or changed."""

    def __init__(self):
        self.partners = set()
        self.refused = False


def import_tracker(env):
    tracker = env.context.get("customer_archive_import_tracker")
    return tracker if isinstance(tracker, CustomerArchiveImportTracker) else None


# The contact merge wizard copying values from the merged partners into the surviving one
# (tier fields included): set by models/base_partner_merge.py only.
MERGE_IN_PROGRESS = object()
