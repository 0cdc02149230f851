"""Project exports: one safe top folder, pinned versions, the code where a developer expects it."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import cast

import pytest

from converters.errors import ExportError, RenderError
from converters.export import (
    Download,
    code_files,
    compile_tailwind,
    downloads,
    free_stem,
    inline_tailwind,
    project_zip,
    safe_entry_name,
    safe_stem,
    split_styles,
    zip_files,
)
from converters.render import Renderer
from converters.targets import Target
from tests.builders import conversion

REACT = """import React, { useState } from 'react';

export default function App() {
  const [count, setCount] = useState(0);
  return <main className="bg-indigo-600 p-4"><h1>Pick up where the design left off</h1>
    <button onClick={() => setCount(count + 1)}>{count}</button></main>;
}
"""
PLAIN_REACT = """function Card() {
  return <div className="p-2">Card</div>;
}

function App() {
  return <section className="bg-emerald-500"><Card /></section>;
}
"""
HTML_CSS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Home</title>
<style>
  .hero { background: #4f46e5; padding: 16px; }
</style></head>
<body><section class="hero">Welcome</section></body></html>
"""
HTML_TAILWIND = """<!DOCTYPE html>
<html lang="en">
<head>
  <title>Home</title>
  <meta charset="utf-8">
  <script src="https://cdn.tailwindcss.com"></script>
  <script>tailwind.config = { theme: {} };</script>
  <style type="text/tailwindcss">@theme { --color-brand: #ff0000; }</style>
</head>
<body><div class="bg-indigo-600 p-4">Welcome</div></body>
</html>
"""
FAKE_CSS = ".bg-indigo-600 { background-color: #4f39f6; }\n.p-4 { padding: 1rem; }\n"
SEMVER = re.compile(r"\d+\.\d+\.\d+")


class _Compiler:
    """A stand-in for ``compile_tailwind``: records the pages it was given."""

    def __init__(self, css: str = FAKE_CSS) -> None:
        self.css = css
        self.pages: list[str] = []

    def __call__(self, html: str) -> str:
        self.pages.append(html)
        return self.css


def _unzip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_existing_imports_still_work() -> None:
    page = conversion(HTML_CSS, Target.HTML_CSS)
    assert safe_stem("Home.png") == "Home" and list(code_files(page, "home")) == [
        "home.html",
        "home.css",
    ]
    assert split_styles(HTML_CSS, "s.css")[1].startswith(".hero")
    assert isinstance(downloads(page, "home")[0], Download)
    assert callable(free_stem) and zipfile.is_zipfile(io.BytesIO(zip_files({"a.txt": "a"})))


def test_react_project_has_a_vite_project_in_one_folder() -> None:
    files = _unzip(project_zip(conversion(REACT, Target.REACT_TAILWIND), "Home Screen"))
    assert sorted(files) == [
        "Home-Screen/.gitignore",
        "Home-Screen/README.md",
        "Home-Screen/index.html",
        "Home-Screen/package.json",
        "Home-Screen/src/App.jsx",
        "Home-Screen/src/index.css",
        "Home-Screen/src/main.jsx",
        "Home-Screen/vite.config.js",
    ]
    assert files["Home-Screen/src/App.jsx"] == REACT
    assert files["Home-Screen/src/index.css"] == '@import "tailwindcss";\n'
    assert '<script type="module" src="/src/main.jsx">' in files["Home-Screen/index.html"]
    assert (
        "tailwindcss()" in files["Home-Screen/vite.config.js"]
        and "react()" in files["Home-Screen/vite.config.js"]
    )
    readme = files["Home-Screen/README.md"]
    assert all(command in readme for command in ("npm install", "npm run dev", "npm run build"))
    assert "node_modules" in files["Home-Screen/.gitignore"]


def test_package_json_pins_exact_versions() -> None:
    files = _unzip(project_zip(conversion(REACT, Target.REACT_TAILWIND), "home"))
    package = json.loads(files["home/package.json"])
    versions = {**package["dependencies"], **package["devDependencies"]}
    assert set(versions) == {
        "react",
        "react-dom",
        "vite",
        "@vitejs/plugin-react",
        "tailwindcss",
        "@tailwindcss/vite",
    }
    assert all(SEMVER.fullmatch(version) for version in versions.values()), versions
    assert package["scripts"]["build"] == "vite build" and package["type"] == "module"
    assert package["name"] == "home" and package["private"] is True


def test_main_imports_a_default_exported_app() -> None:
    files = _unzip(project_zip(conversion(REACT, Target.REACT_TAILWIND), "home"))
    main = files["home/src/main.jsx"]
    assert 'import App from "./App.jsx";' in main and "<App />" in main and 'import "./index.css";' in main


def test_plain_function_app_gets_the_default_export_main_imports() -> None:
    files = _unzip(project_zip(conversion(PLAIN_REACT, Target.REACT_TAILWIND), "home"))
    app = files["home/src/App.jsx"]
    assert app.startswith('import Card from "./components/Card.jsx";\n')
    assert app.endswith("\nexport default App;\n")
    assert files["home/src/components/Card.jsx"].startswith("export default function Card() {")
    assert 'import App from "./App.jsx";' in files["home/src/main.jsx"]


def test_named_component_without_app_is_the_one_exported() -> None:
    code = "export function Pricing() {\n  return <p>Plans</p>;\n}\n"
    files = _unzip(project_zip(conversion(code, Target.REACT_TAILWIND), "home"))
    assert files["home/src/App.jsx"].endswith("export default Pricing;\n")


def test_react_global_without_import_gets_an_import() -> None:
    code = "export default function App() {\n  const [n] = React.useState(1);\n  return <p>{n}</p>;\n}\n"
    files = _unzip(project_zip(conversion(code, Target.REACT_TAILWIND), "home"))
    assert files["home/src/App.jsx"] == 'import React from "react";\n' + code
    imported = _unzip(
        project_zip(conversion(REACT.replace("useState(", "React.useState("), Target.REACT_TAILWIND), "h")
    )
    assert imported["h/src/App.jsx"].count("import React") == 1


def test_typescript_component_goes_to_app_tsx() -> None:
    code = (
        "type Props = { title?: string };\n"
        "export default function App({ title }: Props) {\n  return <h1>{title}</h1>;\n}\n"
    )
    files = _unzip(project_zip(conversion(code, Target.REACT_TAILWIND), "home"))
    assert files["home/src/App.tsx"] == code and "home/src/App.jsx" not in files
    assert 'import App from "./App.tsx";' in files["home/src/main.jsx"]
    assert "`src/App.tsx`" in files["home/README.md"]


def test_react_code_without_a_component_is_refused() -> None:
    with pytest.raises(ExportError, match="no component"):
        project_zip(conversion("const x = 1;\n", Target.REACT_TAILWIND), "home")


def test_html_css_project_links_its_stylesheet() -> None:
    files = _unzip(project_zip(conversion(HTML_CSS, Target.HTML_CSS), "home"))
    assert sorted(files) == ["home/README.md", "home/index.html", "home/styles.css"]
    assert '<link rel="stylesheet" href="styles.css">' in files["home/index.html"]
    assert "<style" not in files["home/index.html"]
    assert files["home/styles.css"] == ".hero { background: #4f46e5; padding: 16px; }\n"


def test_html_tailwind_project_inlines_the_compiled_css() -> None:
    compiler = _Compiler()
    files = _unzip(
        project_zip(conversion(HTML_TAILWIND, Target.HTML_TAILWIND), "home", tailwind_css=compiler)
    )
    assert sorted(files) == ["home/README.md", "home/index.html"]
    page = files["home/index.html"]
    # The compiler sees the page without the CDN and config scripts, with its Tailwind source.
    assert len(compiler.pages) == 1 and "cdn.tailwindcss.com" not in compiler.pages[0]
    assert "tailwind.config" not in compiler.pages[0] and 'type="text/tailwindcss"' in compiler.pages[0]
    assert "<script" not in page and "text/tailwindcss" not in page
    assert "<style>\n" + FAKE_CSS + "</style>" in page
    # The charset comes first, then the compiled sheet, then the page's own head.
    assert page.index('<meta charset="utf-8">') < page.index("<style>") < page.index("<title>")
    assert page.count("<meta charset") == 1 and '<div class="bg-indigo-600 p-4">Welcome</div>' in page


def test_inline_tailwind_builds_a_head_when_there_is_none() -> None:
    page = inline_tailwind("<!DOCTYPE html><p class='p-4'>x</p>", "p{}</style>")
    assert page.startswith(
        '<!DOCTYPE html><head>\n<meta charset="utf-8">\n<style>\np{}<\\/style>\n</style>\n</head>'
    )


def test_failed_compile_is_an_export_error() -> None:
    def failing(html: str) -> str:
        raise ExportError("no CSS")

    with pytest.raises(ExportError, match="no CSS"):
        project_zip(conversion(HTML_TAILWIND, Target.HTML_TAILWIND), "home", tailwind_css=failing)


def test_compile_tailwind_turns_render_errors_into_export_errors() -> None:
    class BrokenRenderer:
        def compiled_tailwind(self, html: str) -> str:
            raise RenderError("The renderer is closed.")

    with pytest.raises(ExportError, match="renderer is closed.*single HTML file"):
        compile_tailwind("<p>x</p>", cast(Renderer, BrokenRenderer()))


@pytest.mark.parametrize(
    ("stem", "folder"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\x", "C-x"),
        ("", "design"),
        ("..", "design"),
        ("/abs/ok", "abs-ok"),
    ],
)
def test_hostile_stems_give_one_safe_folder(stem: str, folder: str) -> None:
    for target, code in ((Target.REACT_TAILWIND, REACT), (Target.HTML_CSS, HTML_CSS)):
        names = list(_unzip(project_zip(conversion(code, target), stem)))
        assert {name.split("/")[0] for name in names} == {folder}
        for name in names:
            assert not name.startswith("/") and "\\" not in name and ":" not in name
            assert all(part not in ("", ".", "..") for part in name.split("/"))


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "etc/passwd"),
        ("/abs/file.txt", "abs/file.txt"),
        ("C:\\Users\\x.txt", "Users/x.txt"),
        ("a\\..\\b", "a/b"),
        ("a//./b", "a/b"),
        ("con?.txt", "con-.txt"),
        ("dots.../x", "dots/x"),
        ("", "file.txt"),
        ("../..", "file.txt"),
    ],
)
def test_safe_entry_name(name: str, safe: str) -> None:
    assert safe_entry_name(name) == safe


def test_zip_is_deterministic_and_sorted() -> None:
    app = conversion(REACT, Target.REACT_TAILWIND)
    first, second = project_zip(app, "home"), project_zip(app, "home")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    assert {info.date_time for info in infos} == {(2026, 1, 1, 0, 0, 0)}


def test_zip_files_keeps_one_entry_per_cleaned_name() -> None:
    data = zip_files({"../a.txt": "first", "a.txt": "second"})
    assert _unzip(data) == {"a.txt": "second"}


def test_the_html_css_download_unzips_into_its_own_folder() -> None:
    # At the zip's root, index.html and styles.css landed among whatever the folder held already.
    (archive,) = [
        item for item in downloads(conversion(HTML_CSS, Target.HTML_CSS), "home") if item.name == "home.zip"
    ]
    files = _unzip(archive.data)
    assert sorted(files) == ["home/index.html", "home/styles.css"]
    assert '<link rel="stylesheet" href="styles.css">' in files["home/index.html"]
