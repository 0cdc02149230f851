"""``import_figma_frame`` against the fake Figma API: the design, every fault, the cache, the token."""

from __future__ import annotations

import copy
import dataclasses
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from converters.errors import (
    FigmaConnectionError,
    FigmaError,
    FigmaNotAFrameError,
    FigmaNotFoundError,
    FigmaRateLimitError,
    FigmaResponseError,
    FigmaTokenError,
    FigmaTooLargeError,
)
from converters.figma import NODE_DEPTH, client, import_figma_frame
from converters.intake import SourceFormat
from converters.settings import Secret, Settings
from tests.fakes.figma_server import FIGMA_TEST_TOKEN, FakeFigmaServer, Fault, FigmaFixture, load_fixture

TOKEN = Secret(FIGMA_TEST_TOKEN)


@pytest.fixture
def server() -> Iterator[FakeFigmaServer]:
    with FakeFigmaServer() as fake:
        yield fake


@pytest.fixture
def settings(server: FakeFigmaServer, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", figma_api_base=server.base_url)


@pytest.fixture
def cards(server: FakeFigmaServer) -> FigmaFixture:
    return server.add(load_fixture("auto-layout-cards"))


def test_a_frame_becomes_a_design_of_its_picture_at_css_size(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture
) -> None:
    design = import_figma_frame(cards.link, TOKEN, settings)
    document = cards.answer["nodes"]["1:2"]["document"]
    box = document["absoluteBoundingBox"]
    assert (design.width, design.height) == (
        round(box["width"]),
        round(box["height"]),
    )  # the 2x picture halved
    assert design.source_format is SourceFormat.PNG and design.source_name == "Pricing - Desktop.png"
    assert design.figma is not None
    assert (design.figma.file_key, design.figma.node_id) == (cards.file_key, "1:2")
    assert design.figma.version == cards.answer["version"] and design.figma.name == "Pricing / Desktop"
    assert design.figma.document["type"] == "FRAME" and design.figma.document["children"]
    assert design.figma.components["10:1"]["name"] == "Pricing card"
    assert any("Imported from Figma" in note for note in design.notes)
    nodes = next(r for r in server.requests if r.kind == "nodes")
    assert nodes.query == {"ids": "1:2", "depth": str(NODE_DEPTH)}
    images = next(r for r in server.requests if r.kind == "images")
    assert images.query == {"ids": "1:2", "format": "png", "scale": "2", "version": cards.answer["version"]}


def test_the_token_goes_to_the_api_only_never_to_the_picture_host(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture
) -> None:
    import_figma_frame(cards.link, TOKEN, settings)
    seen = {r.kind: r.headers for r in server.requests}
    assert seen["nodes"]["x-figma-token"] == FIGMA_TEST_TOKEN
    assert seen["images"]["x-figma-token"] == FIGMA_TEST_TOKEN
    assert "x-figma-token" not in seen["picture"]
    assert all(FIGMA_TEST_TOKEN not in r.path + str(r.query) for r in server.requests)


def test_the_environment_token_is_used_when_the_session_has_none(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture
) -> None:
    with_env = dataclasses.replace(settings, figma_token=TOKEN)
    assert import_figma_frame(cards.link, None, with_env).figma is not None
    assert import_figma_frame(cards.link, Secret("  "), with_env).figma is not None


def test_no_token_says_where_to_make_one(settings: Settings, cards: FigmaFixture) -> None:
    with pytest.raises(FigmaTokenError, match="Personal access tokens.*FIGMA_TOKEN"):
        import_figma_frame(cards.link, None, settings)


def test_a_refused_token_says_where_to_make_a_new_one(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture
) -> None:
    with pytest.raises(
        FigmaTokenError, match=r"refused the access token \(HTTP 403: Invalid token\)"
    ) as caught:
        import_figma_frame(cards.link, Secret("figd_wrong-token"), settings)
    assert "Personal access tokens" in str(caught.value) and "figd_wrong-token" not in str(caught.value)


def test_a_missing_file_and_a_missing_node_are_404s(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture
) -> None:
    with pytest.raises(FigmaNotFoundError, match="no the file NoSuchFile123"):
        import_figma_frame("https://www.figma.com/design/NoSuchFile123/x?node-id=1-2", TOKEN, settings)
    with pytest.raises(FigmaNotFoundError, match="has no node 9:9: it was deleted"):
        import_figma_frame(cards.link.replace("node-id=1-2", "node-id=9-9"), TOKEN, settings)
    assert server.count("images") == 0


def test_a_short_rate_limit_is_waited_out_once(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(client, "wait_out", waits.append)
    server.fail("nodes", Fault(429, headers={"Retry-After": "2"}))
    assert import_figma_frame(cards.link, TOKEN, settings).figma is not None
    assert waits == [2.0] and server.count("nodes") == 2


def test_a_long_rate_limit_says_when_to_try_again(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(client, "wait_out", waits.append)
    server.fail("images", Fault(429, headers={"Retry-After": "120"}))
    with pytest.raises(
        FigmaRateLimitError, match=r"HTTP 429\): try again in 120 s \(after \d\d:\d\d:\d\d UTC\)"
    ) as caught:
        import_figma_frame(cards.link, TOKEN, settings)
    assert caught.value.retry_after_s == 120.0 and waits == []
    server.fail("nodes", Fault(429), Fault(429))
    with pytest.raises(FigmaRateLimitError, match="did not say for how long"):
        import_figma_frame(cards.link, TOKEN, settings)


def test_a_node_that_is_not_a_frame_is_refused_with_what_it_is(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture
) -> None:
    for node_type, says in (
        ("TEXT", "is a text layer"),
        ("SECTION", "is a section"),
        ("CANVAS", "is a whole page"),
        ("COMPONENT_SET", "is a component set"),
    ):
        answer = copy.deepcopy(cards.answer)
        entry = answer["nodes"].pop("1:2")
        entry["document"] = {**entry["document"], "id": "5:5", "type": node_type}
        answer["nodes"]["5:5"] = entry
        server.add(dataclasses.replace(cards, node_id="5:5", answer=answer))
        with pytest.raises(FigmaNotAFrameError, match=f"Node 5:5 {says}.*not a frame"):
            import_figma_frame(cards.link.replace("1-2", "5-5"), TOKEN, settings)
        server.files[cards.file_key].pop()
    assert server.count("images") == 0


def test_a_huge_answer_is_cut_off_at_the_cap(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client, "MAX_JSON_BYTES", 1024 * 1024)
    server.fail("nodes", Fault(huge_bytes=8 * 1024 * 1024))
    with pytest.raises(FigmaTooLargeError, match="larger than 1 MB.*single screen's frame"):
        import_figma_frame(cards.link, TOKEN, settings)
    big = b"{" + b" " * (2 * 1024 * 1024) + b"}"  # declared by its Content-Length
    server.fail("nodes", Fault(200, body=big))
    with pytest.raises(FigmaTooLargeError):
        import_figma_frame(cards.link, TOKEN, settings)


def test_an_unreachable_api_and_a_silent_one(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(FigmaConnectionError, match="could not be reached.*FIGMA_API_BASE"):
        import_figma_frame(cards.link, TOKEN, dataclasses.replace(settings, figma_api_base=closed))
    monkeypatch.setattr(client, "READ_TIMEOUT_S", 0.3)
    server.fail("nodes", Fault(200, stall_s=1.5))
    with pytest.raises(FigmaConnectionError, match="did not answer in time"):
        import_figma_frame(cards.link, TOKEN, settings)


@pytest.mark.parametrize(
    ("kind", "fault", "error", "says"),
    [
        ("nodes", Fault(200, body=b"<html>proxy login</html>"), FigmaResponseError, "not JSON"),
        ("nodes", Fault(200, body=b"[1, 2]"), FigmaResponseError, "not an object"),
        ("nodes", Fault(200, body=b'{"nodes": {}}'), FigmaResponseError, "no version or nodes"),
        ("nodes", Fault(500), FigmaResponseError, "failed on its side"),
        (
            "images",
            Fault(200, body=b'{"err": null, "images": {"1:2": null}}'),
            FigmaResponseError,
            "no picture",
        ),
        (
            "images",
            Fault(200, body=b'{"err": "Render timeout", "images": {}}'),
            FigmaResponseError,
            "Render timeout",
        ),
        ("picture", Fault(200, body=b"GIF89a not a png"), FigmaResponseError, "not a PNG"),
        ("picture", Fault(403, body=b"<Error>Expired</Error>"), FigmaResponseError, "expire"),
    ],
)
def test_malformed_answers_are_named(
    server: FakeFigmaServer,
    settings: Settings,
    cards: FigmaFixture,
    kind: str,
    fault: Fault,
    error: type[FigmaError],
    says: str,
) -> None:
    server.fail(kind, fault)  # type: ignore[arg-type]
    with pytest.raises(error, match=says):
        import_figma_frame(cards.link, TOKEN, settings)


def test_the_picture_is_cached_by_file_version(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture
) -> None:
    first = import_figma_frame(cards.link, TOKEN, settings)
    again = import_figma_frame(cards.link, TOKEN, settings)
    assert again.sha256 == first.sha256
    assert (server.count("nodes"), server.count("images"), server.count("picture")) == (2, 1, 1)
    server.version_of[cards.file_key] = "9999999999"  # the file was edited
    edited = import_figma_frame(cards.link, TOKEN, settings)
    assert edited.figma is not None and edited.figma.version == "9999999999"
    assert (server.count("images"), server.count("picture")) == (2, 2)
    cached = list((settings.data_dir / "figma-cache").rglob("*"))
    assert cached and all(FIGMA_TEST_TOKEN.encode() not in p.read_bytes() for p in cached if p.is_file())


def test_the_token_is_in_no_log_line_and_no_message(
    server: FakeFigmaServer, settings: Settings, cards: FigmaFixture, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    import_figma_frame(cards.link, TOKEN, settings)
    echo = f'{{"status": 403, "err": "Token {FIGMA_TEST_TOKEN} expired"}}'.encode()
    server.fail("nodes", Fault(403, body=echo))  # a hostile proxy echoing the token back
    with pytest.raises(FigmaTokenError) as caught:
        import_figma_frame(cards.link, TOKEN, settings)
    assert "Token ******** expired" in str(caught.value)
    assert FIGMA_TEST_TOKEN not in str(caught.value) and FIGMA_TEST_TOKEN not in repr(caught.value)
    assert caplog.records and FIGMA_TEST_TOKEN not in caplog.text
