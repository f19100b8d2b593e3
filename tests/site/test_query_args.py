"""link_args(): what a link may carry on of the query string."""

from cocreate.query_args import link_args


def test_url_fors_own_names_and_empty_values_are_left_out():
    args = {"prinsipp": "1", "q": "", "endpoint": "x", "_method": "POST", "_external": "1"}
    assert link_args(args) == {"prinsipp": "1"}
