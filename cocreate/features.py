"""The feature packages: the order their blueprints are registered in, and the order their imports
may run in (a feature imports only core modules and the features before it in LAYERS; a test
holds every import to it)."""

# Each has a blueprint `bp` in its __init__ and its views under routes.
FEATURES = (
    "site",
    "reference",
    "municipalities",
    "accounts",
    "oidc",
    "challenges",
    "ideas",
    "moderation",
    "api",
    "exports",
    "pipeline",
    "answers",
    "notifications",
    "workshops",
    "privacy",
    "members",
    "cases",
    "metrics",
    "settings",
    "paper",
    "archive",
    "hearings",
    "results",
    "proposals",
    "budgeting",
    "report",
    "places",
    "search",
    "translation",
)

# Lowest first. Modules of cocreate/ that are not in this list are core: any feature may use them,
# and they use no feature (checked by the same test).
LAYERS = (
    "audit",
    "reference",
    "municipalities",
    "accounts",
    # Log-in through ID-porten and Entra ID: accounts' external identities.
    "oidc",
    # Notifications need only accounts: every feature above may tell people of what it did.
    "notifications",
    "challenges",
    "ideas",
    "moderation",
    "pipeline",
    "answers",
    "workshops",
    "search",
    "paper",
    "privacy",
    "members",
    "cases",
    "hearings",
    "results",
    "proposals",
    "budgeting",
    "metrics",
    # Content in both standards: reads every kind of content, and runs its jobs beside the
    # metrics' timers.
    "translation",
    "report",
    "settings",
    "places",
    "archive",
    "exports",
    "api",
    "site",
    "demo",
    "ops",
)
