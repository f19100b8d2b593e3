"""The pipeline views: the staff's answers, moves and queues (staff.py) and the public pages of
the høre → gjøre path (public.py); importing this package registers them on the blueprint."""

from . import public, staff  # noqa: F401 - their views register on bp
