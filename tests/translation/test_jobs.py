"""Translations are made after the commit, off the request path: the commit puts a job on the
queue, a burst worker makes them, and a change to a text asks for them again."""

from sqlalchemy import select

from cocreate import page_generations
from cocreate.accounts.models import User
from cocreate.database import commit
from cocreate.extensions import db
from cocreate.ideas.models import Comment, Idea
from cocreate.ideas.services import edit_comment, post_comment, support_idea, withdraw_support
from cocreate.translation.models import ContentKind, ContentTranslation
from cocreate.workers import simple_worker


def _comment_translation(comment_id: int) -> str | None:
    return db.session.scalar(
        select(ContentTranslation.text).where(
            ContentTranslation.kind == ContentKind.comment,
            ContentTranslation.object_id == comment_id,
        )
    )


def test_commit_queues_a_job_and_the_worker_translates(apertium_on, world, content):
    queue, comment_id = apertium_on, content.comment.id
    queue.empty()
    assert queue.count == 0
    page_generations.changed(world.municipality.id)
    assert queue.count == 0  # nothing before the commit
    commit()
    assert queue.count == 1
    before = page_generations.current_generation(db.session.connection(), "heimby")
    simple_worker([queue], burst=True).work(burst=True)
    assert _comment_translation(comment_id) == "Dette er eit godt forslag."
    # The job declared the change: the cached pages are drawn again.
    assert page_generations.current_generation(db.session.connection(), "heimby") > before


def test_a_changed_text_is_translated_again(apertium_on, world, content):
    queue, comment_id, citizen_id = apertium_on, content.comment.id, world.citizen.id
    commit()
    simple_worker([queue], burst=True).work(burst=True)  # the job ends its session
    comment = db.session.get(Comment, comment_id)
    edit_comment(comment, body="Et tre gir skygge.", actor=db.session.get(User, citizen_id))
    commit()
    assert queue.count == 1
    simple_worker([queue], burst=True).work(burst=True)
    assert _comment_translation(comment_id) == "Eit tre gir skugge."


def test_no_job_while_apertium_is_off(app, apertium_on, world, content):
    queue = apertium_on
    queue.empty()
    app.config["APERTIUM_BIN"] = "/nonexistent/apertium"
    page_generations.changed(world.municipality.id)
    commit()
    assert queue.count == 0


def test_a_support_asks_for_no_translation_a_comment_does(apertium_on, world, content):
    """A support brings no text: its commit puts no job on the queue (a burst of supports cost
    a Redis connection and three round trips each); a comment does."""
    queue = apertium_on
    commit()
    queue.empty()
    idea = db.session.get(Idea, content.idea.id)
    support_idea(idea, db.session.get(User, world.citizen.id))
    commit()
    assert queue.count == 0
    withdraw_support(idea, db.session.get(User, world.citizen.id))
    commit()
    assert queue.count == 0
    post_comment(
        idea, body="Benker ved lekeplassen òg.", author=db.session.get(User, world.citizen.id)
    )
    commit()
    assert queue.count == 1
