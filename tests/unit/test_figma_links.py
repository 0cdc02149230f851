"""Figma links: the file key and node id of every link shape Figma writes, and clear refusals."""

from __future__ import annotations

import pytest

from converters.errors import FigmaLinkError
from converters.figma import FigmaLink, frame_url, parse_figma_link

KEY = "Ba8A74337D76D72F522615"


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (f"https://www.figma.com/design/{KEY}/Pricing?node-id=1-2", FigmaLink(KEY, "1:2")),
        (f"https://www.figma.com/design/{KEY}/Pricing?node-id=12-345&t=abc-1", FigmaLink(KEY, "12:345")),
        (f"https://www.figma.com/file/{KEY}/Old-link?node-id=1%3A2", FigmaLink(KEY, "1:2")),
        (f"https://figma.com/file/{KEY}/?node-id=3:4", FigmaLink(KEY, "3:4")),
        (
            f"https://www.figma.com/proto/{KEY}/Flow?node-id=5-6&starting-point-node-id=5%3A6",
            FigmaLink(KEY, "5:6"),
        ),
        (f"https://www.figma.com/proto/{KEY}/Flow?starting-point-node-id=7%3A8", FigmaLink(KEY, "7:8")),
        (
            f"https://www.figma.com/design/{KEY}/branch/BRANCHkey1234/Name?node-id=1-2",
            FigmaLink("BRANCHkey1234", "1:2"),
        ),
        (f"  www.figma.com/design/{KEY}/Name?node-id=1-2  ", FigmaLink(KEY, "1:2")),
        (f"https://www.figma.com/design/{KEY}/Name?node-id=I1-2;3-4", FigmaLink(KEY, "I1:2;3:4")),
    ],
)
def test_links_name_the_file_and_node(link: str, expected: FigmaLink) -> None:
    assert parse_figma_link(link) == expected


@pytest.mark.parametrize(
    ("link", "says"),
    [
        ("", "Paste a link to a Figma frame"),
        (f"https://www.figma.com/design/{KEY}/Pricing", "has no node-id"),
        (f"https://example.com/design/{KEY}/Pricing?node-id=1-2", "not a link to figma.com"),
        (f"https://www.figma.com.evil.io/design/{KEY}/x?node-id=1-2", "not a link to figma.com"),
        (f"ftp://www.figma.com/design/{KEY}/x?node-id=1-2", "not a link to figma.com"),
        (f"https://www.figma.com/board/{KEY}/Jam?node-id=1-2", "FigJam board"),
        ("https://www.figma.com/community/file/123", "names no design file"),
        ("https://www.figma.com/design/a$b/x?node-id=1-2", "file key"),
        (f"https://www.figma.com/design/{KEY}/x?node-id=javascript:1", "node-id"),
        ("https://www.figma.com/design/" + "k" * 3000, "characters long"),
    ],
)
def test_bad_links_say_what_is_wrong_and_how_to_copy_one(link: str, says: str) -> None:
    with pytest.raises(FigmaLinkError, match=says) as caught:
        parse_figma_link(link)
    assert "Copy link to selection" in str(caught.value) or "FigJam" in str(caught.value)


def test_frame_url_writes_the_design_link_back() -> None:
    link = FigmaLink(KEY, "12:34")
    assert parse_figma_link(frame_url(link)) == link
