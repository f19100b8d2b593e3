"""An input's answer columns (first_answered_at, last_moved_at) are written in one place: the
move service adds every StageChange and sets them with it. No other code adds one, and no ORM
event writes them behind the reader's back."""

import re
from pathlib import Path

from cocreate.pipeline.models import StageChange

ROOT = Path(__file__).resolve().parents[2]
ADDS_A_STAGE_CHANGE = re.compile(
    r"(?<!class )StageChange\(|insert\(StageChange|INSERT INTO stage_changes"
)


def test_only_the_move_service_adds_stage_changes():
    writers = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "cocreate").rglob("*.py")
        if ADDS_A_STAGE_CHANGE.search(path.read_text(encoding="utf-8"))
    )
    assert writers == ["cocreate/pipeline/services.py"]
    source = (ROOT / "cocreate/pipeline/services.py").read_text(encoding="utf-8")
    assert source.count("StageChange(") == 1  # in _record_move


def test_no_listener_on_stage_changes():
    mapper = StageChange.__mapper__
    for name in ("before_insert", "after_insert"):
        assert not getattr(mapper.dispatch, name), name
