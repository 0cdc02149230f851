"""The preview document, read as HTML without a browser: policy first, code inert, runtime pinned."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest

from converters.preview import (
    PREVIEW_CSP,
    VENDOR_DIR,
    generated_document,
    preview_csp,
    preview_document,
    runtime_files,
)
from converters.preview.runtime import audit_script, vendored_files
from converters.preview.scripts import REACT_HARNESS, RELAY, REPORTER, one_line
from converters.targets import Target

BASE = "http://127.0.0.1:8501/app/static/vendor"
NASTY = 'a "quote" & an amp </script><script>alert(1)</script><!-- <SCRIPT>alert(2)</SCRIPT> \u2028 end'
REACT_NASTY = f"export default function App() {{ return <p title='x'>{{{json.dumps(NASTY)}}}</p>; }}\n"
HTML_NASTY = f"<!DOCTYPE html><html><head><title>t</title></head><body><p>{NASTY}</p></body></html>"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class Parsed(HTMLParser):
    """Every start tag in document order, with attributes unescaped and the text of scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        if self.elements and self.elements[-1].tag == "script":
            self.elements[-1].text += data

    def tags(self, tag: str) -> list[Element]:
        return [element for element in self.elements if element.tag == tag]


def parse(document: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(document)
    parsed.close()
    return parsed


def levels(code: str, target: Target, *, live: bool = False) -> tuple[Parsed, Parsed, str]:
    """Level 1 parsed, level 2 parsed, and level 2's source as the browser will read it from srcdoc."""
    outer = parse(preview_document(code, target, BASE, live=live))
    (frame,) = outer.tags("iframe")
    return outer, parse(frame.attrs["srcdoc"]), frame.attrs["srcdoc"]


def runtime_srcs(parsed: Parsed) -> list[str]:
    return [script.attrs["src"] for script in parsed.tags("script") if "src" in script.attrs]


@pytest.mark.parametrize("target", list(Target))
def test_the_policy_is_the_first_element_of_level_1s_head(target: Target) -> None:
    outer = parse(preview_document("<p>x</p>", target, BASE))
    assert [e.tag for e in outer.elements[:3]] == ["html", "head", "meta"]
    meta = outer.elements[2].attrs
    assert meta["http-equiv"] == "Content-Security-Policy"
    assert meta["content"] == preview_csp(BASE)


@pytest.mark.parametrize("target", list(Target))
def test_level_2_repeats_the_policy_and_is_sandboxed(target: Target) -> None:
    outer, inner, _ = levels("<html><head></head><body></body></html>", target)
    (frame,) = outer.tags("iframe")
    assert frame.attrs["sandbox"] == "allow-scripts"
    metas = [m for m in inner.tags("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert [m.attrs["content"] for m in metas] == [preview_csp(BASE)]


def test_the_policy_closes_the_network_and_allows_only_the_runtime_directory() -> None:
    directives = dict(d.strip().split(" ", 1) for d in preview_csp(BASE).split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    assert directives["frame-src"] == "'none'"
    assert directives["img-src"] == "data: blob:"
    assert directives["script-src"] == f"'unsafe-inline' 'unsafe-eval' {BASE}/"
    assert directives["form-action"] == directives["base-uri"] == "'none'"
    assert "*" not in preview_csp(BASE)
    assert PREVIEW_CSP.count("{runtime}") == 1
    assert preview_csp(BASE + "/") == preview_csp(BASE)


@pytest.mark.parametrize(
    "base",
    [
        "",
        "/app/static/vendor",
        "javascript:alert(1)",
        "http://127.0.0.1:8501/vendor; script-src *",
        "http://127.0.0.1:8501/vendor' 'unsafe-hashes",
        'http://127.0.0.1:8501/"><script>',
        "http://127.0.0.1:8501/a b",
        "ftp://127.0.0.1/vendor",
    ],
)
def test_a_runtime_base_that_could_change_the_policy_is_refused(base: str) -> None:
    with pytest.raises(ValueError, match="runtime_base"):
        preview_document("<p>x</p>", Target.HTML_CSS, base)


def test_react_code_is_carried_as_inert_json_and_survives_exactly() -> None:
    outer, inner, srcdoc = levels(REACT_NASTY, Target.REACT_TAILWIND)
    # Level 1: one iframe and one (trusted) script; the payload cannot open elements there.
    assert [e.tag for e in outer.elements].count("script") == 1
    assert "alert" not in "".join(s.text for s in outer.tags("script"))
    # Level 2: the reporter, the four runtime files, the JSON data and the harness; nothing else.
    scripts = inner.tags("script")
    assert len(scripts) == 7
    (data,) = [s for s in scripts if s.attrs.get("type") == "application/json"]
    assert data.attrs["id"] == "app-source"
    assert re.search(r"</script|<!--|<script", data.text, re.IGNORECASE) is None
    assert json.loads(data.text) == REACT_NASTY
    assert "alert" not in "".join(s.text for s in scripts if s is not data)
    assert srcdoc.count("alert(1)") == 1


@pytest.mark.parametrize("target", [Target.HTML_CSS, Target.HTML_TAILWIND])
def test_html_code_stays_inside_the_srcdoc_attribute(target: Target) -> None:
    outer, inner, srcdoc = levels(HTML_NASTY, target)
    assert [e.tag for e in outer.elements] == [
        "html", "head", "meta", "style", "body", "iframe", "div", "button", "strong", "pre", "script"
    ]  # fmt: skip
    assert srcdoc.endswith(HTML_NASTY.removeprefix("<!DOCTYPE html>"))
    assert srcdoc.startswith("<!DOCTYPE html><meta")
    # The model's own markup is level 2's to run, but only there.
    assert [p.tag for p in inner.elements].count("p") == 1


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (Target.HTML_CSS, []),
        (Target.HTML_TAILWIND, ["tailwind"]),
        (Target.REACT_TAILWIND, ["react", "react-dom", "babel", "tailwind"]),
    ],
)
def test_each_target_loads_only_its_runtime_from_runtime_base(target: Target, expected: list[str]) -> None:
    _, inner, _ = levels("<html><head></head><body></body></html>", target)
    names = runtime_files()
    assert runtime_srcs(inner) == [f"{BASE}/{names[part]}" for part in expected]
    assert all(s.attrs["crossorigin"] == "anonymous" for s in inner.tags("script") if "src" in s.attrs)


def test_runtime_base_is_used_as_given() -> None:
    base = "https://handoff.example:9000/prefix/app/static/vendor"
    document = preview_document("x", Target.REACT_TAILWIND, base + "/")
    srcs = runtime_srcs(parse(parse(document).tags("iframe")[0].attrs["srcdoc"]))
    assert [src.rsplit("/", 1)[0] for src in srcs] == [base] * 4
    assert f"script-src 'unsafe-inline' 'unsafe-eval' {base}/;" in preview_csp(base)


@pytest.mark.parametrize(
    ("code", "starts"),
    [
        (
            "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<title>x</title>",
            "<!DOCTYPE html><meta",
        ),
        ("<!doctype html>\n<HTML>\n<body>hi</body>", "<!doctype html><meta"),
        ("\ufeff <!-- made by a model -->\n<!DOCTYPE html>\n<header>top</header>", "\ufeff <!-- made"),
        ("<div>no document at all</div>", "<meta"),
        ("", "<meta"),
    ],
)
def test_the_guard_goes_first_without_moving_lines(code: str, starts: str) -> None:
    _, inner, srcdoc = levels(code, Target.HTML_CSS)
    assert srcdoc.startswith(starts)
    assert srcdoc.count("\n") == code.count("\n")  # error line numbers stay the model's
    (reporter,) = [s for s in inner.tags("script") if "__handoff" in s.text]
    assert "live = false" in reporter.text


@pytest.mark.parametrize(
    "code",
    [
        "<script>window.grab = window.RTCPeerConnection;</script><!DOCTYPE html><html><head></head></html>",
        "<!-- <head> --><script>window.grab = 1;</script><html><head><title>x</title></head></html>",
        "<!DOCTYPE html><html><script>window.grab = 1;</script><head></head><body></body></html>",
        "<svg><script>window.grab = 1;</script></svg><head></head>",
    ],
)
def test_the_guard_runs_before_any_of_the_models_code(code: str) -> None:
    # The policy and the reporter come before the model's first script, whatever the reply looks
    # like (a script before <head>, a <head> inside a comment).
    _, _, srcdoc = levels(code, Target.HTML_CSS)
    policy, reporter, models = (
        srcdoc.index("Content-Security-Policy"),
        srcdoc.index("window.__handoff"),
        srcdoc.index("window.grab"),
    )
    assert policy < reporter < models


def test_live_mode_is_passed_to_the_untrusted_document() -> None:
    for target in Target:
        _, inner, _ = levels("<p>x</p>", target, live=True)
        texts = [s.text for s in inner.tags("script")]
        assert any("live = true" in text for text in texts)
        assert not any("live = false" in text for text in texts)


def test_trusted_scripts_collapse_safely_onto_one_line() -> None:
    for script in (REPORTER, REACT_HARNESS, RELAY):
        assert not any(line.strip().startswith("//") for line in script.splitlines())
        flat = one_line(script)
        assert "\n" not in flat and "</" not in flat and "<!--" not in flat


def test_the_document_carries_the_code_about_once_per_level() -> None:
    code = "export default function App() { return <p>" + "word " * 4000 + "</p>; }"
    document = preview_document(code, Target.REACT_TAILWIND, BASE)
    assert len(document) < 1.5 * len(code) + 20_000


def test_runtime_files_name_pinned_vendored_files() -> None:
    files = vendored_files()
    assert list(runtime_files()) == ["react", "react-dom", "babel", "tailwind"]
    assert files["react"].version == files["react-dom"].version == "18.3.1"
    assert files["babel"].version.startswith("7.") and files["tailwind"].version.startswith("4.")
    for entry in files.values():
        assert entry.version in entry.file and entry.version in entry.license
        assert (VENDOR_DIR / entry.file).stat().st_size > 1000


def test_sha256sums_match_the_vendored_files_each_with_its_licence() -> None:
    listed = {}
    for line in (VENDOR_DIR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    expected = {
        name
        for entry in vendored_files().values()
        for name in (entry.file, entry.license, entry.notice)
        if name
    }
    assert set(listed) == expected
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR_DIR / name).read_bytes()).hexdigest() == digest, name
    licences = {"axe-core": "Mozilla Public License, version 2.0"}  # the rest are MIT
    for entry in vendored_files().values():
        wording = licences.get(entry.package, "Permission is hereby granted")
        assert wording in (VENDOR_DIR / entry.license).read_text(encoding="utf-8")
    axe = vendored_files()["axe"]
    assert axe.notice and axe.notice.startswith(f"axe-core-{axe.version}")
    assert audit_script().read_text(encoding="utf-8").startswith(f"/*! axe v{axe.version}")


def test_the_vendor_readme_names_every_pinned_version() -> None:
    readme = (VENDOR_DIR / "README.md").read_text(encoding="utf-8")
    for entry in vendored_files().values():
        assert f"{entry.package}@{entry.version}" in readme and entry.file in readme
    assert "scripts/vendor-runtime.sh" in readme


def test_a_compiled_react_page_runs_the_module_it_is_given_and_loads_no_babel() -> None:
    base = "http://127.0.0.1:8501/app/static/vendor"
    code = "export default function App() { return <p>Hi</p>; }"
    module = 'exports.default = function App() { return React.createElement("p", null, "</script> & Hi"); };'

    page = generated_document(code, Target.REACT_TAILWIND, base, compiled=module)

    assert "babel-standalone" not in page
    assert "babel-standalone" in generated_document(code, Target.REACT_TAILWIND, base)
    assert "return <p>" not in page and "</script> &" not in page  # the module cannot end its element
    embedded = re.search(r'<script type="application/json" id="app-source">(.*?)</script>', page)
    assert embedded is not None and json.loads(embedded.group(1)) == module
    assert generated_document("<p>x</p>", Target.HTML_CSS, base, compiled=module) == generated_document(
        "<p>x</p>", Target.HTML_CSS, base
    )


def test_precompiled_react_template_loads_no_babel_and_holds_the_token() -> None:
    from converters.preview import COMPILE_OPTIONS, COMPILED_TOKEN

    base = "http://127.0.0.1:8501/app/static/vendor"
    code = "export default function App() { return <p>Hi</p>; }"
    template = preview_document(code, Target.REACT_TAILWIND, base, precompiled=True)
    normal = preview_document(code, Target.REACT_TAILWIND, base)
    assert COMPILED_TOKEN in template and COMPILED_TOKEN not in normal
    assert "babel-standalone" not in template and "babel-standalone" in normal
    assert "return <p>" not in template  # the source itself is not in the template
    assert '"retainLines": true' in json.dumps(COMPILE_OPTIONS)
    for target in (Target.HTML_CSS, Target.HTML_TAILWIND):  # only React is precompiled
        assert preview_document("<p>x</p>", target, base, precompiled=True) == preview_document(
            "<p>x</p>", target, base
        )
