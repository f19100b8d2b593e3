"""The workshop views: the staff's planning pages (staff.py), the live session participants join
with a code (live.py) and the facilitator's wall (wall.py); importing this package registers
them on the blueprint."""

from . import live, staff, wall  # noqa: F401 - their views register on bp
