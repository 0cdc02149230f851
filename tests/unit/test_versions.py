"""Comparing versions of a result: what a thread of changes used, and the diff of two versions."""

from __future__ import annotations

import dataclasses

from converters.conversion import Usage
from converters.targets import Target
from converters.versions import code_diff, thread_usage
from tests.builders import conversion

FIRST = "<main>\n  <h1>Welcome</h1>\n  <p>Hello</p>\n</main>"


def test_usage_is_summed_over_the_model_turns_and_a_local_turn_counts_for_nothing() -> None:
    offline = conversion(FIRST, Target.HTML_CSS)
    priced = dataclasses.replace(offline, usage=Usage(1000, 200, 500, 0.0125))
    also = dataclasses.replace(offline, usage=Usage(1200, 1000, 300, 0.0075))
    total = thread_usage([offline, priced, also])
    assert (total.turns, total.input_tokens, total.cached_tokens, total.output_tokens) == (2, 2200, 1200, 800)
    assert total.cost_usd is not None and abs(total.cost_usd - 0.02) < 1e-12 and total.unpriced == 0


def test_a_turn_without_a_price_makes_the_sum_a_floor_and_none_priced_makes_it_unknown() -> None:
    offline = conversion(FIRST, Target.HTML_CSS)
    priced = dataclasses.replace(offline, usage=Usage(1000, 0, 500, 0.01))
    unpriced = dataclasses.replace(offline, usage=Usage(1000, 0, 500, None))
    assert thread_usage([priced, unpriced]).unpriced == 1
    assert thread_usage([priced, unpriced]).cost_usd == 0.01
    assert thread_usage([unpriced]).cost_usd is None
    assert thread_usage([offline]).turns == 0


def test_the_diff_counts_the_lines_added_and_removed_and_names_the_versions() -> None:
    changed = FIRST.replace("<h1>Welcome</h1>", "<h1>Hi</h1>").replace(
        "</main>", "  <footer>f</footer>\n</main>"
    )
    diff = code_diff(FIRST, changed, old_name="v1", new_name="v2")
    assert (diff.added, diff.removed) == (2, 1)
    lines = diff.text.splitlines()
    assert lines[:2] == ["--- v1", "+++ v2"]
    assert "-  <h1>Welcome</h1>" in lines and "+  <h1>Hi</h1>" in lines and "+  <footer>f</footer>" in lines
    assert not diff.same and code_diff(FIRST, FIRST, old_name="v1", new_name="v2").same
