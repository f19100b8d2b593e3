"""When each part of the demo's history happened: days counted back from the day the seed runs.

The demo tells 19 months of a municipality's life through the ordinary services. Those stamp
"now"; `Timeline.back()` is the one place the seed sets that now to a moment in the past
(database.clock_at), so every row, the append-only stage history included, carries the time
its part of the story happened. Day -1 is yesterday: nothing is ever dated in the future.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from ..database import clock_at, utcnow


@dataclass(frozen=True)
class Timeline:
    """Day 0 is the (UTC) day the seed runs; day -n is n days before it."""

    today: datetime

    @classmethod
    def from_now(cls) -> "Timeline":
        return cls(datetime.combine(utcnow().date(), time.min, tzinfo=UTC))

    def at(self, day: int, hour: int = 10, minute: int = 0) -> datetime:
        """The moment `hour:minute` UTC on `day` (a negative number of days before today)."""
        if day > -1:
            raise ValueError(f"the demo's history ends yesterday, not on day {day}")
        return self.today + timedelta(days=day, hours=hour, minutes=minute)

    @contextmanager
    def back(self, day: int, hour: int = 10, minute: int = 0) -> Iterator[datetime]:
        """Inside this block the services stamp `at(day, hour, minute)` as now."""
        moment = self.at(day, hour, minute)
        with clock_at(moment):
            yield moment
