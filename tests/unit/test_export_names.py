"""Download names of a stored design's versions: the title as it is (dots too), one suffix per
later version, never one name for two versions."""

from __future__ import annotations

from converters.export import version_stem


def test_the_first_version_keeps_the_plain_name_and_later_ones_are_numbered() -> None:
    assert version_stem("Pricing page") == version_stem("Pricing page", 1) == "Pricing-page"
    assert version_stem("Pricing page", 2) == "Pricing-page-v2"
    assert version_stem("Checkout v2.final", 1) == "Checkout-v2-final"  # a title, not a file name
    assert version_stem("Ünïcödé / ../etc", 3) == "Unicode-etc-v3"
    assert version_stem("日本語", 2) == "design-v2"


def test_long_titles_stay_within_the_name_limit_and_versions_apart() -> None:
    title = "word " * 30
    names = {version_stem(title, number) for number in range(1, 12)}
    assert len(names) == 11
    assert all(len(name) <= 60 and not name.startswith("-") and "--" not in name for name in names)
