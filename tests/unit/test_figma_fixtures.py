"""The Figma fixtures and the fake API's answers are valid against Figma's OpenAPI specification."""

from __future__ import annotations

import copy
import itertools
import json
import urllib.request
from typing import Any

import pytest

from tests.fakes.figma_server import FIGMA_TEST_TOKEN, FakeFigmaServer, fixture_names, load_fixture
from tests.fakes.figma_spec import ERROR_RESPONSES, IMAGES_RESPONSE, spec_errors


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for child in node.get("children", []) for n in _nodes(child))]


@pytest.mark.parametrize("name", fixture_names())
def test_every_fixture_is_a_valid_nodes_answer(name: str) -> None:
    fixture = load_fixture(name)
    assert spec_errors(fixture.answer) == []
    assert fixture.picture.startswith(b"\x89PNG")
    document = fixture.answer["nodes"][fixture.node_id]["document"]
    assert document["type"] == "FRAME"
    assert any(node["type"] == "TEXT" and node["characters"] for node in _nodes(document))


def test_the_fixtures_cover_what_a_converter_reads() -> None:
    nodes = [
        n for name in fixture_names() for n in _nodes(load_fixture(name).answer["nodes"]["1:2"]["document"])
    ]
    seen = {n["type"] for n in nodes}
    assert {"FRAME", "TEXT", "RECTANGLE", "VECTOR", "INSTANCE"} <= seen
    assert {n.get("layoutMode") for n in nodes} >= {"HORIZONTAL", "VERTICAL"}
    assert any(n.get("layoutWrap") == "WRAP" for n in nodes)
    assert {n.get("layoutSizingHorizontal") for n in nodes} >= {"FIXED", "HUG", "FILL"}
    assert {n.get("primaryAxisAlignItems") for n in nodes} >= {"MIN", "CENTER", "SPACE_BETWEEN"}
    assert any(n.get("styleOverrideTable") for n in nodes)  # mixed-style text
    assert any(f["type"] == "IMAGE" for n in nodes for f in n["fills"])
    assert any(e["type"] == "DROP_SHADOW" for n in nodes for e in n["effects"])
    instances = [n for n in nodes if n["type"] == "INSTANCE"]
    assert len(instances) >= 3 and len({n["componentId"] for n in instances}) == 1


def test_a_broken_fixture_fails_validation() -> None:
    answer = copy.deepcopy(load_fixture("auto-layout-form").answer)
    text = next(n for n in _nodes(answer["nodes"]["1:2"]["document"]) if n["type"] == "TEXT")
    del text["characters"]
    text["style"]["fontSize"] = "large"
    answer["nodes"]["1:2"]["document"]["children"][0]["type"] = "DIV"
    del answer["version"]
    errors = "\n".join(spec_errors(answer))
    assert "(root): 'version' is a required property" in errors
    assert "type 'DIV' is not one the specification maps" in errors
    broken = copy.deepcopy(load_fixture("auto-layout-form").answer)
    text = next(n for n in _nodes(broken["nodes"]["1:2"]["document"]) if n["type"] == "TEXT")
    del text["characters"]
    assert any("'characters' is a required property" in e for e in spec_errors(broken))


def _get(url: str, token: str) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers={"X-Figma-Token": token})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_the_fake_apis_answers_are_valid_too() -> None:
    fixture = load_fixture("d2c-117")
    with FakeFigmaServer() as server:
        server.add(fixture)
        base = f"{server.base_url}/v1"
        status, nodes = _get(f"{base}/files/{fixture.file_key}/nodes?ids=1:2&depth=1", FIGMA_TEST_TOKEN)
        assert status == 200 and spec_errors(nodes) == []
        assert all(not child.get("children") for child in nodes["nodes"]["1:2"]["document"]["children"])
        status, images = _get(
            f"{base}/images/{fixture.file_key}?ids=1:2&format=png&scale=2", FIGMA_TEST_TOKEN
        )
        assert status == 200 and spec_errors(images, IMAGES_RESPONSE) == []
        status, refused = _get(f"{base}/files/{fixture.file_key}/nodes?ids=1:2", "wrong")
        assert status == 403 and spec_errors(refused, ERROR_RESPONSES[403]) == []
        status, missing = _get(f"{base}/files/NoSuchKey99/nodes?ids=1:2", FIGMA_TEST_TOKEN)
        assert status == 404 and spec_errors(missing, ERROR_RESPONSES[404]) == []


def _along(node: dict[str, Any]) -> bool:
    """Whether an auto-layout frame's children lie one after another along its axis, in order."""
    row = node["layoutMode"] == "HORIZONTAL"
    start, size = ("x", "width") if row else ("y", "height")
    boxes = [child["absoluteBoundingBox"] for child in node.get("children", [])]
    return all(b[start] >= a[start] + a[size] - 1 for a, b in itertools.pairwise(boxes))


def test_the_walked_fixtures_hold_what_a_designers_file_holds() -> None:
    """Auto-layout children in the order they show along the axis (Figma keeps no other order);
    a text with one style has it as its own style, not as an override over every character."""
    for name in fixture_names():
        for node in _nodes(load_fixture(name).answer["nodes"]["1:2"]["document"]):
            if node.get("layoutMode") in ("HORIZONTAL", "VERTICAL") and node.get("layoutWrap") != "WRAP":
                assert _along(node), (name, node["name"], node["id"])
            overrides = node.get("characterStyleOverrides") or []
            covers_all = len(overrides) == len(node.get("characters", "")) and len(set(overrides)) == 1
            assert not (overrides and covers_all and overrides[0]), (name, node["id"])


def test_the_walk_orders_layers_as_they_show_and_gives_one_style_as_the_texts_own() -> None:
    document = load_fixture("reordered-row").answer["nodes"]["1:2"]["document"]
    toolbar, card, link = document["children"]
    labels = [tool["children"][0]["characters"] for tool in toolbar["children"]]
    assert toolbar["layoutMode"] == "HORIZONTAL" and labels == ["Third", "Second", "First"]  # row-reverse
    assert "layoutMode" not in card and card["children"][-1]["name"] == "Badge"  # out of flow: no auto-layout
    assert link["characters"] == "Read the whole changelog" and link["style"]["fontWeight"] == 700
    assert link["characterStyleOverrides"] == [] and link["styleOverrideTable"] == {}
