"""Shared definitions of the PIPL (个人信息保护法) registers: legal bases, data categories and the
personal fields of each category, the people a register entry may be about."""

# PIPL art. 13: the legal bases for processing personal information.
LEGAL_BASES = [
    ("consent", "Consent of the person"),
    ("contract", "Necessary for a contract with the person"),
    ("legal_obligation", "Legal duty or obligation"),
    ("vital_interests", "Public health emergency or protection of life, health and property"),
    ("public_interest", "News reporting or supervision in the public interest"),
    ("publicly_disclosed", "Information disclosed by the person or lawfully disclosed"),
    ("other", "Other circumstances provided by law"),
]

# Categories of the customer-information rules (客户信息保密制度); the sensitive-field
# classification uses the same keys.
DATA_CATEGORIES = [
    ("basic", "Basic Data"),
    ("identity", "Identity Data"),
    ("communication", "Communication Data"),
    ("communication_content", "Communication Content"),
]

# Personal fields of a person (res.partner) per category. ``communication_content`` is held in
# the chatter and attachments, not in fields.
PERSONAL_FIELDS = {
    "basic": [
        "name",
        "street",
        "street2",
        "zip",
        "city",
        "birthday",
        "function",
        "image_1920",
        "comment",
        "hobby_ids",
        "preferred_channel",
    ],
    "identity": ["resident_id", "vat", "bank_ids"],
    "communication": ["phone", "mobile", "email", "wechat_id", "qq"],
    "communication_content": [],
}
