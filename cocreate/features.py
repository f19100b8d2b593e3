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
    "challenge_templates",
    "comparison",
    "embeds",
    "meetings",
    "gallery",
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
    # Meetings of a challenge (workshops, folkemøter) with sign-ups; their counts feed metrics.
    "meetings",
    "metrics",
    # Templates carry the measures of the challenges they come from and are used in.
    "challenge_templates",
    # Content in both standards: reads every kind of content, and runs its jobs beside the
    # metrics' timers.
    "translation",
    "report",
    "settings",
    "places",
    # The gallery across municipalities (issue 25): inputs and results at gjort, and adoptions.
    "gallery",
    # Embeds show the challenges', pipeline's and results' lists; their social metadata reads
    # every public page's subject. A feature before it that wants an embed adds its view here.
    "embeds",
    "archive",
    # The comparison reads every sharing municipality's published measures (metrics).
    "comparison",
    "exports",
    "api",
    "site",
    "demo",
    "ops",
)
