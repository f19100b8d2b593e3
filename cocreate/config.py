"""Configuration from the environment (DESIGN.md §5), then instance/config.py."""

import os
from datetime import timedelta

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused outside development


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Defaults; every deployment-specific value comes from the environment."""

    def __init__(self) -> None:
        self.ENV_NAME = os.environ.get("COCREATE_ENV", os.environ.get("FLASK_ENV", "production"))
        self.SECRET_KEY = os.environ.get("SECRET_KEY", "")
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
        self.REDIS_URL = os.environ.get("REDIS_URL", "")
        # Every wait on the database ends (README "Production"; cocreate/database.py): a server
        # that hangs gives a 503 in seconds instead of holding every worker. Seconds; 0 is off.
        # Statement, lock and idle-in-transaction timeouts and DB_CLIENT_TIMEOUT (how long a
        # request waits for any answer at all) apply to web requests, not to the CLI and jobs.
        self.DB_CONNECT_TIMEOUT = _seconds("DB_CONNECT_TIMEOUT", 5)
        self.DB_STATEMENT_TIMEOUT = _seconds("DB_STATEMENT_TIMEOUT", 10)
        self.DB_LOCK_TIMEOUT = _seconds("DB_LOCK_TIMEOUT", 5)
        self.DB_IDLE_IN_TRANSACTION_TIMEOUT = _seconds("DB_IDLE_IN_TRANSACTION_TIMEOUT", 30)
        self.DB_CLIENT_TIMEOUT = _seconds("DB_CLIENT_TIMEOUT", 15)
        self.DB_POOL_TIMEOUT = _seconds("DB_POOL_TIMEOUT", 10)
        # A pooled PostgreSQL connection idle longer than this is pinged before use (one that
        # comes back busy is not: database._ping_if_idle).
        self.DB_PING_AFTER_IDLE = _seconds("DB_PING_AFTER_IDLE", 1)
        self.DB_KEEPALIVES_IDLE = int(_seconds("DB_KEEPALIVES_IDLE", 30))
        self.DB_KEEPALIVES_INTERVAL = int(_seconds("DB_KEEPALIVES_INTERVAL", 10))
        self.DB_KEEPALIVES_COUNT = int(_seconds("DB_KEEPALIVES_COUNT", 3))
        self.DB_TCP_USER_TIMEOUT = _seconds("DB_TCP_USER_TIMEOUT", 30)
        self.SQLITE_BUSY_TIMEOUT = _seconds("SQLITE_BUSY_TIMEOUT", 30)
        self.HEALTHZ_TIMEOUT = _seconds("HEALTHZ_TIMEOUT", 3)
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {
            "pool_pre_ping": True,
            "pool_timeout": self.DB_POOL_TIMEOUT,
        }
        self.MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024))
        # Uploaded files (municipalities' logos); empty: instance/uploads. Several app hosts
        # need a folder they share (settings/logos.py).
        self.UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", "")
        # A logo file may be at most this big, and at most this many pixels on either side
        # before it is decoded (a small PNG can claim to be 100 000 × 100 000: a decompression
        # bomb); it is stored re-encoded, at most LOGO_SIDE pixels on its longest side.
        # Keep LOGO_MAX_BYTES below MAX_CONTENT_LENGTH: a bigger request is refused whole.
        self.LOGO_MAX_BYTES = int(os.environ.get("LOGO_MAX_BYTES", 1024 * 1024))
        self.LOGO_MAX_DIMENSION = int(os.environ.get("LOGO_MAX_DIMENSION", 5000))
        self.LOGO_SIDE = int(os.environ.get("LOGO_SIDE", 512))
        # A hearing's PDF attachments and a statement's PDF are kept in the database (hearings);
        # their upload requests may be this large (plus a form's worth), above MAX_CONTENT_LENGTH.
        self.HEARING_FILE_MAX_BYTES = int(
            os.environ.get("HEARING_FILE_MAX_BYTES", 10 * 1024 * 1024)
        )
        # The admin download of the archive package renders its PDF/A documents in the request
        # (roughly a quarter of a second each): a larger selection is refused on the web and
        # made with `flask --app cocreate archive export` (docs/archive.md).
        self.ARCHIVE_WEB_DOCUMENT_LIMIT = int(os.environ.get("ARCHIVE_WEB_DOCUMENT_LIMIT", 100))
        self.BABEL_DEFAULT_LOCALE = "nb"
        self.BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
        self.LANGUAGES = ["nb", "nn", "en"]
        self.WTF_CSRF_TIME_LIMIT = None
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        # A log-in ends after SESSION_LIFETIME_HOURS, or REMEMBER_LIFETIME_DAYS with "remember me",
        # checked on the server whatever the cookie says (accounts/sessions.py).
        self.SESSION_LIFETIME = timedelta(hours=float(os.environ.get("SESSION_LIFETIME_HOURS", 24)))
        self.PERMANENT_SESSION_LIFETIME = self.SESSION_LIFETIME
        self.REMEMBER_COOKIE_DURATION = timedelta(
            days=float(os.environ.get("REMEMBER_LIFETIME_DAYS", 30))
        )
        # Mail: "file" writes messages to instance/mail/ (development), "smtp" sends them.
        self.MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "")
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
        self.MAIL_USE_TLS = _bool("MAIL_USE_TLS")
        self.MAIL_USE_SSL = _bool("MAIL_USE_SSL")
        self.MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 10))
        self.MAIL_DEFAULT_SENDER = os.environ.get(
            "MAIL_DEFAULT_SENDER", "Samskap <ikke-svar@samskap.no>"
        )
        # Who sends the outbox without Redis: a thread in each web process, sweeping for retries
        # and digests every OUTBOX_SWEEP_SECONDS (notifications/worker.py).
        self.OUTBOX_THREAD = _bool("OUTBOX_THREAD", default=True)
        self.OUTBOX_SWEEP_SECONDS = float(os.environ.get("OUTBOX_SWEEP_SECONDS", 60))
        # The daily digest leaves at this hour, local time.
        self.DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", 7))
        self.DIGEST_TIMEZONE = os.environ.get("DIGEST_TIMEZONE", "Europe/Oslo")
        # An idea has wide support (offer «fremme som innbyggerforslag», docs/proposals.md) from
        # the smaller of these supports and this share of the signature threshold (at least 5).
        self.PROPOSAL_OFFER_SUPPORTS = int(os.environ.get("PROPOSAL_OFFER_SUPPORTS", 50))
        self.PROPOSAL_OFFER_THRESHOLD_SHARE = float(
            os.environ.get("PROPOSAL_OFFER_THRESHOLD_SHARE", 0.1)
        )
        self.BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
        self.MIN_AGE = int(os.environ.get("MIN_AGE", 13))
        self.RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        # No X-RateLimit-* headers: they cost a round trip to Redis on every limited request (the
        # window's state), and nobody reads them; a 429 still says Retry-After (errors.py).
        self.RATELIMIT_HEADERS_ENABLED = False
        self.RATELIMIT_SWALLOW_ERRORS = True
        # Redis down: keep serving, count in memory per process, log it (security/redis_health.py).
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.RATELIMIT_IN_MEMORY_FALLBACK = os.environ.get("RATELIMIT_FALLBACK", "100/minute")
        self.RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
        self.REDIS_HEALTH_INTERVAL = int(os.environ.get("REDIS_HEALTH_INTERVAL", 30))
        # A municipality's dashboard figures are computed at most this often, after writes, by a
        # job (metrics/snapshots.py); 0: no snapshots, every read computes them.
        self.METRICS_REFRESH_SECONDS = int(os.environ.get("METRICS_REFRESH_SECONDS", 300))
        # Without a snapshot yet, a read computes the figures itself only up to this many inputs,
        # supports and comments; above it the page says they are being computed (the job stores
        # them: tens of seconds for a city). 0: always compute on read.
        self.METRICS_COMPUTE_ON_READ_LIMIT = int(
            os.environ.get("METRICS_COMPUTE_ON_READ_LIMIT", 20000)
        )
        # Bokmål ↔ nynorsk of the content (docs/translation.md): the Apertium program (empty: off),
        # how long one text may take, and the RQ queue of its jobs (with REDIS_URL).
        self.APERTIUM_BIN = os.environ.get("APERTIUM_BIN", "apertium")
        self.APERTIUM_TIMEOUT = _seconds("APERTIUM_TIMEOUT", 30)
        self.TRANSLATION_QUEUE = os.environ.get("TRANSLATION_QUEUE", "samskap-translation")
        # Without Redis: seconds a translation run waits after a write, so a burst of writes
        # (supports, comments) asks for one run of the municipality, not one each.
        self.TRANSLATION_DELAY_SECONDS = float(os.environ.get("TRANSLATION_DELAY_SECONDS", "5"))
        # Off: no job after commits (only `flask translation run`); a test that drives the job.
        self.TRANSLATION_JOBS = True
        # Logs: "json" (one object a line) or "text"; json is the default outside development.
        self.LOG_FORMAT = os.environ.get("LOG_FORMAT", "")
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
        self.HSTS_MAX_AGE = int(os.environ.get("HSTS_MAX_AGE", 365 * 24 * 3600))
        # Privacy: inactive accounts are warned, then deleted WARNING_DAYS later (privacy CLI).
        self.INACTIVE_ACCOUNT_DAYS = int(os.environ.get("INACTIVE_ACCOUNT_DAYS", 3 * 365))
        self.WARNING_DAYS = int(os.environ.get("WARNING_DAYS", 30))
        self.PASSWORD_RESET_MAX_AGE = 3600
        self.EMAIL_VERIFY_MAX_AGE = 7 * 24 * 3600
        # How long a staff invitation link works (members feature); INVITATION_DAYS, 7 by default.
        self.INVITATION_MAX_AGE = int(_seconds("INVITATION_DAYS", 7) * 24 * 3600)
        # Map tiles (docs/places.md): a {z}/{x}/{y} URL template and the attribution shown on the
        # map. The tiles' origin is added to the CSP's img-src. Default: Kartverket's open cache.
        self.MAP_TILE_URL = os.environ.get(
            "MAP_TILE_URL",
            "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png",
        )
        self.MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© Kartverket")
        # Verified log-in through OpenID Connect (docs/oidc.md). A provider is on only when its
        # client id and its issuer (or metadata URL) are set; there are no defaults to leak.
        for name, scope in (("IDPORTEN", "openid profile"), ("ENTRA", "openid profile email")):
            for key in ("ISSUER", "METADATA_URL", "CLIENT_ID", "CLIENT_SECRET"):
                setattr(self, f"OIDC_{name}_{key}", os.environ.get(f"OIDC_{name}_{key}", ""))
            setattr(self, f"OIDC_{name}_SCOPE", os.environ.get(f"OIDC_{name}_SCOPE", scope))
        # ID-porten's assurance level to ask for, and the claim (if any) that holds the person's
        # kommunenummer: the real ID-porten gives none without a Folkeregister lookup.
        self.OIDC_IDPORTEN_ACR_VALUES = os.environ.get(
            "OIDC_IDPORTEN_ACR_VALUES", "idporten-loa-substantial"
        )
        self.OIDC_IDPORTEN_RESIDENCE_CLAIM = os.environ.get("OIDC_IDPORTEN_RESIDENCE_CLAIM", "")
        # Entra ID: only identities of this tenant (the `tid` claim) are accepted, when set.
        self.OIDC_ENTRA_TENANT_ID = os.environ.get("OIDC_ENTRA_TENANT_ID", "")
        # How long a call to a provider (discovery, keys, token) may take, in seconds.
        self.OIDC_TIMEOUT = _seconds("OIDC_TIMEOUT", 5)


class TestConfig(Config):
    """Used by the test suite: a database from DATABASE_URL or a temporary SQLite file."""

    def __init__(self) -> None:
        super().__init__()
        self.ENV_NAME = "testing"
        self.TESTING = True
        self.SECRET_KEY = "test-secret-key"  # noqa: S105
        self.WTF_CSRF_ENABLED = False
        self.RATELIMIT_ENABLED = False
        self.MAIL_BACKEND = "memory"
        self.OUTBOX_THREAD = False  # a test that wants the sender thread sets it
        self.FAST_PASSWORD_HASHING = True
        # Pages show the figures of the rows just written; tests of the snapshot path set it.
        self.METRICS_REFRESH_SECONDS = 0
        # No translation jobs unless a test turns them on (tests/translation).
        self.APERTIUM_BIN = ""
        # No test reaches the internet: tiles from a closed local port unless a test starts
        # its own tile server (tests/browser/test_map_journey.py).
        self.MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
        self.PROPAGATE_UNEXPECTED = True  # a bug shows its traceback in the test, not a 500 page
        self.SERVER_NAME = None
