"""Code files: safe names from the upload's name, CSS split out, nothing overwritten."""

from __future__ import annotations

from pathlib import Path

from converters.export import code_files, free_stem, safe_stem, split_styles
from converters.targets import Target
from tests.builders import conversion


def test_safe_stem() -> None:
    assert safe_stem("Home Screen (v2).png") == "Home-Screen-v2"
    assert safe_stem("../../etc/passwd") == "passwd"
    assert safe_stem("C:\\Users\\ana\\Écran d’accueil.jpg") == "Ecran-daccueil"
    assert safe_stem("....png") == "design" and safe_stem("") == "design"


def test_split_styles_links_one_stylesheet() -> None:
    html = (
        "<html><head>\n  <style>\n    a { color: red; }\n  </style>\n"
        "<style>b{}</style></head><body></body></html>"
    )
    linked, css = split_styles(html, "x.css")
    assert linked.count('<link rel="stylesheet" href="x.css">') == 1 and "<style" not in linked
    assert css == "a { color: red; }\n\nb{}\n"


def test_code_files_per_target() -> None:
    assert list(code_files(conversion("export default function App(){}", Target.REACT_TAILWIND), "home")) == [
        "home.jsx"
    ]
    assert list(code_files(conversion("<html></html>", Target.HTML_TAILWIND), "home")) == ["home.html"]
    css_page = "<html><head><style>p{}</style></head></html>"
    assert list(code_files(conversion(css_page, Target.HTML_CSS), "home")) == ["home.html", "home.css"]
    assert list(code_files(conversion("<html></html>", Target.HTML_CSS), "home")) == ["home.html"]


def test_free_stem_avoids_every_existing_file(tmp_path: Path) -> None:
    page = conversion("<html><head><style>p{}</style></head></html>", Target.HTML_CSS)
    assert free_stem(tmp_path, "home", page) == "home"
    (tmp_path / "home.css").write_text("mine")
    assert free_stem(tmp_path, "home", page) == "home-2"
