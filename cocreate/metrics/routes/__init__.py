"""The metrics views: the effects dashboard, its public page and settings (dashboard.py) and the
«Ble du hørt?» survey (survey.py); importing this package registers them on the blueprint."""

from . import dashboard, followup, survey  # noqa: F401 - their views register on bp
