"""Property-based checks of every API operation against /api/v1/openapi.json (schemathesis).

Schemathesis' pytest plugin does not work with this pytest version, so each operation's
hypothesis strategy is driven directly.
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_every_api_operation_conforms(app, world, create_challenge_f, create_idea_f):
    challenge = create_challenge_f(world.municipality)
    create_idea_f(challenge, world.author)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    checked = []
    for operation in operations:

        @given(case=operation.as_strategy(), _=st.just(None))
        @settings(
            max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def run(case, _):
            case.call_and_validate()

        run()
        checked.append(operation.label)
    assert len(checked) == len(operations)
