"""A bokmål municipality (Heimby) with a challenge, an input, its public answer and a comment, and
the real Apertium program (these tests skip without it; in CI a skip is a failure)."""

import shutil
import uuid
from dataclasses import dataclass

import pytest

from cocreate.challenges.models import Challenge
from cocreate.ideas.models import Comment, Idea
from cocreate.ideas.services import post_comment
from cocreate.ideas.stages import Stage
from cocreate.pipeline.models import StageChange
from cocreate.pipeline.services import move_idea
from cocreate.translation.jobs import get_queue

ANSWER = "Kommunen har vurdert forslaget, og vi skal bygge benker i parken neste år."


def require_apertium() -> None:
    if shutil.which("apertium") is None:
        pytest.skip("apertium is not installed (apt-get install apertium apertium-nno-nob)")


@pytest.fixture
def apertium_on(app, private_redis):
    """Translation on: the real apertium binary, its jobs on a queue of a private Redis (run by
    a burst worker where a test wants them run; never a timer thread beside the test)."""
    require_apertium()
    if private_redis.process is None or private_redis.process.poll() is not None:
        private_redis.start()  # a test of a Redis outage stopped it (redis_config.py does so too)
    old = {key: app.config.get(key) for key in ("APERTIUM_BIN", "REDIS_URL", "TRANSLATION_QUEUE")}
    app.config.update(
        APERTIUM_BIN="apertium",
        REDIS_URL=private_redis.url,
        TRANSLATION_QUEUE=f"samskap-translation-test-{uuid.uuid4().hex[:8]}",
    )
    with app.app_context():
        queue = get_queue()
    yield queue
    queue.empty()
    queue.delete(delete_jobs=True)
    app.config.update(old)


@dataclass
class Content:
    challenge: Challenge
    idea: Idea
    change: StageChange
    comment: Comment


@pytest.fixture
def content(world, create_challenge_f, create_idea_f) -> Content:
    challenge = create_challenge_f(
        world.municipality,
        title="Hvordan gjør vi sentrum grønnere?",
        description="Vi vil høre hva du mener om parken.",
    )
    idea = create_idea_f(
        challenge, world.author, title="Flere benker i parken", body="Det trengs steder å hvile."
    )
    change = move_idea(idea, Stage.assessed, answer=ANSWER, actor=world.facilitator)
    comment = post_comment(idea, body="Dette er et godt forslag.", author=world.citizen)
    return Content(challenge, idea, change, comment)
