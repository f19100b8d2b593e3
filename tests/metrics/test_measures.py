"""Each measure of DESIGN.md §3 against the hand-worked dataset in conftest.py.

Each docstring is the hand calculation; the assertions check the code against it.
"""

from datetime import date

import pytest
from sqlalchemy import select

from cocreate.extensions import db
from cocreate.metrics import measures, measures_pipeline
from cocreate.metrics.dashboard import compute_dashboard, measures_table
from cocreate.metrics.disclosure import protected_family
from cocreate.metrics.measures_people import representativeness, representativeness_summary
from cocreate.metrics.models import Dimension
from cocreate.metrics.publication import publish
from cocreate.metrics.scope import Scope
from cocreate.metrics.survey import perceived_effect
from cocreate.reference.models import Principle
from tests.metrics.conftest import NOW

approx = pytest.approx


def test_participants(dataset):
    """Authors of published or merged inputs: u1 u2 u3 u4 u5 u6 (6); supporters u1 u2 u3 u8 (4);
    commenters u4 u8 (2, u7's comment is hidden). Union: u1 u2 u3 u4 u5 u6 u8 = 7 (u7 wrote
    only a hidden idea and a hidden comment). Workshop headcount beside it: W1 counted 6, W2 has
    no headcount so its 4 check-ins count: 10."""
    result = measures.participants(dataset.scope())
    assert (result.participants, result.submitters, result.supporters, result.commenters) == (
        7,
        6,
        4,
        2,
    )
    assert result.workshop_headcount == 10


def test_participants_narrowed_by_challenge_principle_and_dates(dataset):
    """C1 only: u1 (i1), u2 (i2, support), u3 (support), u8 (comment) = 4.
    Principle 2 = C2 only: u3 (i4), u1 (i5) = 2, headcount W1 = 6.
    June: i6 by u4, supports by u8 u1 u2, comments by u4 → u1 u2 u4 u8 = 4, headcount W2 = 4."""
    assert (
        measures.participants(dataset.scope(challenge_id=dataset.challenges["c1"].id)).participants
        == 4
    )
    p2 = db.session.scalar(select(Principle.id).where(Principle.number == 2))
    by_principle = measures.participants(dataset.scope(principle_id=p2))
    assert (by_principle.participants, by_principle.workshop_headcount) == (2, 6)
    june = measures.participants(dataset.scope(start=date(2026, 6, 1), end=date(2026, 6, 30)))
    assert (june.participants, june.workshop_headcount) == (4, 4)


def test_reach(dataset):
    """7 participants ÷ (100+200+250+300+100+50 = 1000 in the age bands) = 0.007."""
    result = measures.reach(dataset.scope())
    assert (result.participants, result.eligible_population) == (7, 1000)
    assert result.reach == approx(0.007)


def test_channel_mix(dataset):
    """Inputs (published) i1–i7 = 7: web i1 i2 i5 i6 i7 = 5 (authors u1 u2 u4 u5 = 4),
    workshop i4 = 1 (u3), registered i3 = 1 (no signed-in author). Shares 5/7, 1/7, 1/7."""
    rows = {row.channel: row for row in measures.channel_mix(dataset.scope())}
    assert (rows["web"].inputs, rows["web"].authors) == (5, 4)
    assert rows["web"].share == approx(5 / 7)
    assert (rows["workshop"].inputs, rows["workshop"].share) == (1, approx(1 / 7))
    assert (rows["registered"].inputs, rows["registered"].authors) == (1, 0)


def test_participation_over_time(dataset):
    """2026-01: i1 i2 (2 inputs), supports 01-20 01-21 (2), 0 comments, persons u1 u2 u3 (3).
    2026-02: i3 (1 input, no author), comment by u8 (1) → 1 person.
    2026-03: i4 i5 (2), persons u3 u1 (2). April: nothing, shown as 0.
    2026-05: i7 (1; i8 merged is not an input),
    persons u5 u6 (2). 2026-06: i6 (1), supports 06-01 06-02 06-11 (3), comments 06-12 06-13 (2),
    persons u4 u8 u1 u2 (4)."""
    rows = [
        (r.month, r.inputs, r.supports, r.comments, r.participants)
        for r in measures.participation_over_time(dataset.scope())
    ]
    assert rows == [
        ("2026-01", 2, 2, 0, 3),
        ("2026-02", 1, 0, 1, 1),
        ("2026-03", 2, 0, 0, 2),
        ("2026-04", 0, 0, 0, 0),
        ("2026-05", 1, 0, 0, 2),
        ("2026-06", 1, 3, 2, 4),
    ]


def test_participation_inequality(dataset):
    """Contributions: u1 3 (i1 i5 support), u2 3 (i2, 2 supports), u3 2, u4 3 (i6, 2 comments),
    u5 1, u6 1 (merged i8), u8 2 → sorted 1 1 2 2 3 3 3, n = 7, Σ = 15.
    Σ i·x_i = 1+2+6+8+15+18+21 = 71; G = 2·71 ÷ (7·15) − 8/7 = 142/105 − 120/105 = 22/105.
    Top 10 %: ⌈0.7⌉ = 1 person with 3 → 3/15 = 0.2."""
    result = measures.participation_inequality(dataset.scope())
    assert (result.participants, result.contributions) == (7, 15)
    assert result.gini == approx(22 / 105)
    assert result.top10_share == approx(0.2)


def test_returning_participants(dataset):
    """Challenges per person: u1 C1 C2 C3, u2 C1 C3, u3 C1 C2, u8 C1 C3, u4 u5 u6 only C3.
    Returning 4 of 7. A narrowed scope counts only activity inside it (issue 15): C1 alone has
    4 participants (u1 u2 u3 u8) and none of them is in 2 challenges inside C1: 0 of 4.
    Principle 1 = C1 + C3: participants u1 u2 u3 u8 (C1) and u4 u5 u6 u8 u1 u2 (C3) = 7; in both
    of them: u1 u2 u8 = 3 (u3's other challenge, C2, is outside)."""
    result = measures.returning_participants(dataset.scope())
    assert (result.participants, result.returning) == (7, 4)
    assert result.share == approx(4 / 7)
    c1 = measures.returning_participants(dataset.scope(challenge_id=dataset.challenges["c1"].id))
    assert (c1.participants, c1.returning) == (4, 0)
    p1 = db.session.scalar(select(Principle.id).where(Principle.number == 1))
    by_principle = measures.returning_participants(dataset.scope(principle_id=p1))
    assert (by_principle.participants, by_principle.returning) == (7, 3)


def test_funnel(dataset):
    """Furthest stage: i1 gjort (4), i2 hørt (declined straight away), i3 hørt, i4 besluttet (2,
    skipped vurdert counts as passed), i5 vurdert (1), i6 hørt, i7 utprøves (3).
    Reached: hørt 7, vurdert 4, besluttet 3, utprøves 2, gjort 1, skalert 0.
    Conversion: 4/7, 3/4, 2/3, 1/2, 0/1. Declined 1. Yield = 1/7."""
    result = measures_pipeline.funnel(dataset.scope())
    assert [s.reached for s in result.steps] == [7, 4, 3, 2, 1, 0]
    assert [s.conversion for s in result.steps] == [
        None,
        approx(4 / 7),
        approx(3 / 4),
        approx(2 / 3),
        approx(1 / 2),
        0,
    ]
    assert result.declined == 1
    assert result.yield_ == approx(1 / 7)


def test_feedback_closure(dataset):
    """Older than 30 days (before 2026-05-31 12:00): i1 i2 i3 i4 i5 i7 = 6 (i6 is from 06-10).
    With an answer: all but i3 = 5. Closure 5/6."""
    result = measures_pipeline.feedback_closure(dataset.scope())
    assert (result.inputs_older, result.answered) == (6, 5)
    assert result.closure == approx(5 / 6)


def test_time_to_answer(dataset):
    """First answer: i1 10, i2 2, i4 4, i5 20, i7 31 days → 2 4 10 20 31: median 10, p90 at rank
    ⌈4.5⌉ = 5 → 31. Besluttet (or later): i1 30 (01-10→02-09), i4 4, i7 31 (utprøves) → 4 30 31:
    median 30, p90 rank ⌈2.7⌉ = 3 → 31. Gjort: i1 60 (01-10→03-11) → 60 and 60."""
    rows = {r.target: r for r in measures_pipeline.time_to_answer(dataset.scope())}
    assert (
        rows["first_answer"].inputs,
        rows["first_answer"].median_days,
        rows["first_answer"].p90_days,
    ) == (5, approx(10), approx(31))
    assert (
        rows["first_decided"].inputs,
        rows["first_decided"].median_days,
        rows["first_decided"].p90_days,
    ) == (3, approx(30), approx(31))
    assert (rows["first_done"].median_days, rows["first_done"].p90_days) == (approx(60), approx(60))


def test_time_to_answer_median_of_even_count(dataset):
    """C1 and C2 only (principle filter is not needed; the C2 challenge scope): i4 4, i5 20 →
    n = 2: median = (4 + 20) ÷ 2 = 12; p90 rank ⌈1.8⌉ = 2 → 20."""
    rows = measures_pipeline.time_to_answer(dataset.scope(challenge_id=dataset.challenges["c2"].id))
    assert (rows[0].inputs, rows[0].median_days, rows[0].p90_days) == (2, approx(12), approx(20))


def test_decision_citation(dataset):
    """Moves citing a reference: i1 («Sak 2026/12»), i7 (a URL); i1's empty one does not count
    twice. 2 of 7 inputs."""
    result = measures_pipeline.decision_citation(dataset.scope())
    assert (result.numerator, result.denominator) == (2, 7)


def test_implementation_reporting(dataset):
    """In besluttet/utprøves now: i4 (last move 03-05) and i7 (06-20). Since 2026-04-01 12:00
    (90 days back): only i7. 1 of 2."""
    result = measures_pipeline.implementation_reporting(dataset.scope())
    assert (result.numerator, result.denominator, result.share) == (1, 2, approx(0.5))


def test_stalled_inputs(dataset):
    """In hørt, vurdert, besluttet or utprøves (DESIGN §3: gjort is done, not stalled; declined
    is final): i3 i4 i5 i6 i7 = 5 (i1 is gjort, i2 declined). Last activity before 2026-04-01
    12:00: i3 02-01 (never moved), i4 03-05, i5 03-30 → 3 of 5."""
    result = measures_pipeline.stalled_inputs(dataset.scope())
    assert (result.numerator, result.denominator) == (3, 5)


def test_waiting_inputs_beside_the_median(dataset):
    """Without an answer: i3 (02-01) and i6 (06-10). Older than 30 days: i3 only → 1. The oldest
    waiting, i3, is from 2026-02-01 12:00: 28 + 31 + 30 + 31 + 29 = 149 days at NOW."""
    result = measures_pipeline.waiting(dataset.scope())
    assert (result.unanswered_older, result.unanswered) == (1, 2)
    assert result.oldest_days == approx(149)


def test_channel_mix_gives_each_measure_per_channel(dataset):
    """web i1 i2 i5 i6 i7: older than 30 days i1 i2 i5 i7, all answered → closure 1; gjort i1 →
    yield 1/5; first answers 10 2 20 31 → median (10 + 20) ÷ 2 = 15, p90 rank ⌈3.6⌉ = 4 → 31.
    workshop i4: answered after 4 days, closure 1, yield 0. registered i3: older, no answer →
    closure 0, no durations."""
    rows = {row.channel: row for row in measures.channel_mix(dataset.scope())}
    web, workshop, registered = rows["web"], rows["workshop"], rows["registered"]
    assert (web.closure, web.yield_, web.answered) == (1, approx(1 / 5), 4)
    assert (web.median_days, web.p90_days) == (approx(15), approx(31))
    assert (workshop.closure, workshop.yield_, workshop.median_days) == (1, 0, approx(4))
    assert (registered.closure, registered.answered, registered.median_days) == (0, 0, None)


def test_promise_kept(dataset):
    """Concluded: C1 (konsultere) 3 inputs, 2 answered → closure 2/3 < 90 % → not kept.
    C2 (involvere) 2 inputs, both answered, i4 besluttet → kept. 1 of 2 = 0.5.
    C3 is open and not counted."""
    result = measures_pipeline.promise_kept(dataset.scope())
    assert (result.concluded, result.kept, result.share) == (2, 1, approx(0.5))
    by_title = {c.title: c for c in result.challenges}
    c1, c2 = by_title["Utfordring C1"], by_title["Utfordring C2"]
    assert (c1.inputs, c1.answered, c1.kept) == (3, 2, False)
    assert c1.closure == approx(2 / 3)
    assert (c2.inputs, c2.answered, c2.acted_on, c2.kept) == (2, 2, 1, True)
    levels = {level.level: level for level in result.levels}
    assert (levels["konsultere"].concluded, levels["konsultere"].kept) == (1, 0)
    assert (levels["involvere"].concluded, levels["involvere"].kept) == (1, 1)
    assert levels["medbestemme"].concluded == 0


def test_promise_needs_action_from_involvere_up(dataset):
    """C2 concluded after 2026-05-15 only (the date range narrows concluded challenges): 1 of 1."""
    result = measures_pipeline.promise_kept(dataset.scope(start=date(2026, 5, 15)))
    assert [c.title for c in result.challenges] == ["Utfordring C2"]
    assert result.share == 1


def test_representativeness_age_from_profiles(dataset):
    """Consented profiles of participants only (web; check-ins are never added, issue 15):
    18-29 u1 u2 u5, 30-44 u3 u4, 45-66 u6 (u7 took no part, u8 gave no age); n = 6.
    p − q: 13-17 |0 − 1/10| = 1/10, 18-29 |1/2 − 1/5| = 3/10, 30-44 |1/3 − 1/4| = 1/12,
    45-66 |1/6 − 3/10| = 2/15, 67-79 1/10, 80+ 1/20. Σ = (6 + 18 + 5 + 8 + 6 + 3) / 60 = 46/60;
    R = 1 − 23/60 = 37/60. Every group has < 5: no count, no ratio, no score."""
    result = representativeness(dataset.scope(), Dimension.age_band)
    assert result.respondents == 6 and not result.suppressed and result.channel == "web"
    assert result.r == approx(37 / 60)
    groups = {g.group: g for g in result.groups}
    for name in ("13-17", "18-29", "30-44", "45-66", "67-79", "80+"):
        assert groups[name].suppressed and groups[name].participants is None
        assert groups[name].p is None and groups[name].rho is None
    assert result.representation_score is None


def test_representativeness_age_from_checkins(dataset):
    """Workshop check-ins only: 18-29 2, 67-79 3 (W1); n = 5. p 2/5, 3/5.
    Σ|p − q| = 1/10 + |2/5 − 1/5| + 1/4 + 3/10 + |3/5 − 1/10| + 1/20 = 1.4 → R = 0.3."""
    result = representativeness(dataset.scope(), Dimension.age_band, "workshop")
    assert result.respondents == 5 and result.r == approx(0.3)


def test_representativeness_gender_marks_a_small_group_only_when_certain(dataset):
    """Check-ins: kvinne 9, mann 1; n = 10. p .9 and .1, q .5 each → R = 1 − ½(.4 + .4) = 0.6.
    kvinne ρ = 1.8. mann has 1 < 5: suppressed; even 4 would give (4/10) ÷ (1/2) = 0.8, not
    below 0.8, so it is not marked. Profiles: kvinne u1 u2 u4 = 3, mann u3 u6 = 2, annet u5 = 1
    (no reference: left out of p); compared 5 → p 3/5 2/5 → R = 0.9."""
    result = representativeness(dataset.scope(), Dimension.gender, "workshop")
    assert result.respondents == 10 and result.r == approx(0.6)
    groups = {g.group: g for g in result.groups}
    assert groups["kvinne"].p == approx(0.9) and groups["kvinne"].rho == approx(1.8)
    assert groups["mann"].suppressed and groups["mann"].under_represented is None
    profiles = representativeness(dataset.scope(), Dimension.gender)
    assert profiles.respondents == 6 and profiles.r == approx(0.9)
    annet = next(g for g in profiles.groups if g.group == "annet")
    assert annet.population is None and annet.q is None


def test_representativeness_district(dataset):
    """Profiles: Sentrum u1 u2 u3 u5 u8 = 5, Nord u4 = 1; n = 6.
    |5/6 − 3/5| = |1/6 − 2/5| = 7/30 → R = 23/30; ρ Sentrum = (5/6) ÷ (3/5) = 25/18, not
    under-represented; Nord suppressed; one group of ≥ 5 gives no representation score.
    Check-ins: Nord 5 → |0 − 3/5| + |1 − 2/5| = 6/5 → R = 0.4."""
    result = representativeness(dataset.scope(), Dimension.district)
    assert result.r == approx(23 / 30)
    groups = {g.group: g for g in result.groups}
    assert groups["Sentrum"].rho == approx(25 / 18) and groups["Sentrum"].under_represented is False
    assert groups["Nord"].suppressed and result.representation_score is None
    assert representativeness(dataset.scope(), Dimension.district, "workshop").r == approx(0.4)


def test_lowest_representativeness(dataset):
    """Profiles' R: age 37/60 ≈ 0.617, gender 0.9, district 23/30 ≈ 0.767 → the lowest is age."""
    summary = representativeness_summary(dataset.scope())
    assert summary.lowest_dimension == "age_band"
    assert summary.lowest_r == approx(37 / 60)


def test_dimension_with_fewer_than_k_persons_is_suppressed(dataset):
    """C1's participants u1 u2 u3 u8 have 3 age answers (u8 gave none) and C1 had no workshop:
    3 < 5, so the whole dimension is hidden: no R, no counts, no ratios."""
    result = representativeness(
        dataset.scope(challenge_id=dataset.challenges["c1"].id), Dimension.age_band
    )
    assert result.suppressed and result.r is None and result.respondents is None
    assert all(g.participants is None and g.p is None and g.rho is None for g in result.groups)
    assert all(g.under_represented is None for g in result.groups)


def test_perceived_effect(dataset):
    """C1: felt heard 5 3 4 → mean 4, [0,0,1,1,1]; understood 4 2 4 → 10/3, [0,1,0,2,0];
    would return 5 4 4 → 13/3, [0,0,0,2,1]. 3 answers < 5: not shown publicly."""
    result = perceived_effect(dataset.scope())
    assert result.responses == 3 and result.shown is False
    q = {r.question: r for r in result.questions}
    assert q["felt_heard"].mean == approx(4) and q["felt_heard"].distribution == [0, 0, 1, 1, 1]
    assert q["understood"].mean == approx(10 / 3)
    assert q["understood"].distribution == [0, 1, 0, 2, 0]
    assert q["would_return"].mean == approx(13 / 3)
    assert q["would_return"].distribution == [0, 0, 0, 2, 1]


def test_empty_municipality_gives_no_division_by_zero(world):
    """No data at all: counts are 0 and every ratio is None."""
    data = compute_dashboard(Scope(world.other.id))
    assert data["participants"]["participants"] == 0
    assert data["reach"]["reach"] is None and data["funnel"]["yield_"] is None
    assert data["inequality"]["gini"] is None and data["closure"]["closure"] is None
    assert data["time_to_answer"][0]["median_days"] is None


def test_measures_table_flattens_the_headlines(dataset):
    """The flat table for exports and the API carries the same figures as the measures."""
    rows = {r["measure"]: r for r in measures_table(compute_dashboard(dataset.scope()))}
    assert rows["participants"]["value"] == 7
    assert (rows["feedback_closure"]["numerator"], rows["feedback_closure"]["denominator"]) == (
        5,
        6,
    )
    assert rows["promise_kept"]["value"] == approx(0.5)
    assert rows["representativeness_lowest"]["value"] == approx(37 / 60)


def test_published_figures_round_and_hide_counts_of_persons(dataset):
    """What every surface shows (publication.py over disclosure.py), beside the exact figures:
    participants 7 → 5, submitters 6 → 5, supporters 4 and commenters 2 hidden, headcount 10;
    3 survey answers: «Færre enn 5 har svart», no mean, no distribution. The exact dict is
    untouched; inputs (not persons) stay exact."""
    scope = dataset.scope()
    exact = compute_dashboard(scope)
    published = publish(exact, scope, protected_family(dataset.municipality.id, NOW))
    people = published["participants"]
    assert exact["participants"]["participants"] == 7 and people["participants"] == 5
    assert (people["submitters"], people["supporters"], people["commenters"]) == (5, None, None)
    assert people["workshop_headcount"] == 10
    assert exact["survey"]["responses"] == 3 and published["survey"]["state"] == "fewer_than_k"
    assert published["survey"]["responses"] is None
    assert all(
        q["mean"] is None and set(q["distribution"]) == {None}
        for q in published["survey"]["questions"]
    )
    assert exact["survey"]["questions"][0]["mean"] == approx(4)
    assert published["closure"] == exact["closure"]
    assert published["disclosure"]["rounding_base"] == 5
