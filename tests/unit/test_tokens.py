"""Design tokens: clustering colours, naming them by role, the scales, writing the theme for each
target, reading it back from code, and the offline engine's tokenised output."""

from __future__ import annotations

import json
import re

import pytest

from converters.export import project_files
from converters.offline.emit import emit
from converters.preview.document import generated_document
from converters.targets import Target
from converters.tokens import (
    MERGE_DELTA_E,
    ColourToken,
    ColourUse,
    DimensionToken,
    SizeToken,
    Theme,
    cluster_colours,
    code_theme,
    delta_e,
    font_scale,
    in_theme_shape,
    radius_scale,
    root_css,
    spacing_scale,
    split_react_theme,
    tailwind_theme_css,
    tokens_json,
    weight_scale,
    with_react_theme,
)
from converters.tokens.literals import literal_note
from tests.builders import conversion
from tests.unit.test_offline_emit import dashboard_tree, sample_tree

HEX_OUTSIDE = re.compile(r"(?<![&\w])#[0-9a-fA-F]{6}\b|(?<![\w-])(?:bg|text|border)-(?:white|black)\b")
THEME = Theme(
    colours=(ColourToken("surface", "#ffffff"), ColourToken("primary", "#2563eb")),
    font_sizes=(SizeToken("md", 16, 24), SizeToken("lg", 20, 28)),
    font_weights=(DimensionToken("bold", 700),),
    spacing=(DimensionToken("4", 16),),
    radii=(DimensionToken("lg", 8),),
)


# --- clustering and names ------------------------------------------------------------------------


def test_colours_below_a_just_noticeable_difference_merge_into_the_most_used() -> None:
    assert delta_e("#333333", "#343434") < MERGE_DELTA_E < delta_e("#333333", "#3a3a3a")
    uses = [
        ColourUse("#333333", "text", 100),
        ColourUse("#343434", "text", 5),
        ColourUse("#3a3a3a", "text", 3),
        ColourUse("#2563eb", "background"),
    ]
    tokens, names = cluster_colours(uses, page_background="#ffffff")
    assert names["#343434"] == names["#333333"] != names["#3a3a3a"]
    merged = next(t for t in tokens if "#343434" in t.merged)
    assert merged.hex == "#333333"  # the most used keeps its exact value
    assert len(tokens) == 4  # white, the two distinguishable greys, blue


def test_colours_are_named_by_role() -> None:
    uses = [
        ColourUse("#0f172a", "text", 400),  # body text
        ColourUse("#64748b", "text", 120),  # secondary text, lighter
        ColourUse("#f1f5f9", "text", 30),  # light text on a dark band: not muted
        ColourUse("#2563eb", "background", 3),  # buttons
        ColourUse("#2563eb", "text", 10),
        ColourUse("#f97316", "text", 20),  # an orange highlight
        ColourUse("#e2e8f0", "border", 6),
        ColourUse("#f8fafc", "background", 2),  # a lighter panel
        ColourUse("#16a34a", "background", 1),  # a second saturated fill
    ]
    tokens, names = cluster_colours(uses, page_background="#ffffff")
    assert names == {
        "#ffffff": "surface",
        "#0f172a": "text",
        "#64748b": "muted",
        "#2563eb": "primary",
        "#f97316": "accent",
        "#e2e8f0": "border",
        "#f1f5f9": "text-2",
        "#f8fafc": "surface-2",
        "#16a34a": "primary-2",
    }
    assert tokens[0].name == "surface"


def test_clustering_is_deterministic_and_copes_with_nothing() -> None:
    uses = [ColourUse(f"#{v:02x}{v:02x}{v:02x}", "text", 1) for v in range(0, 256, 15)]
    assert cluster_colours(uses) == cluster_colours(list(reversed(uses)))
    assert cluster_colours([]) == ((), {})


def test_font_sizes_are_named_around_the_body_size() -> None:
    tokens, names = font_scale(
        [(16, 24, 500), (14, 20, 80), (12, 16, 10), (24, 32, 40), (16, 22, 30), (36, 40, 9)]
    )
    assert names == {16: "md", 14: "sm", 12: "xs", 24: "lg", 36: "xl"}
    assert SizeToken("md", 16, 24) in tokens  # the size's most used line height
    assert [t.px for t in tokens] == [12, 14, 16, 24, 36]


def test_weights_radii_and_spacing_scales() -> None:
    assert weight_scale([700, 400, 700, 550])[1] == {400: "normal", 700: "bold", 550: "w550"}
    tokens, names = radius_scale([8, 8, 8, 7, 12, 9999, 0])
    assert names == {8: "lg", 7: "lg", 12: "xl"}  # 7 px merges into the more used 8 px
    assert [(t.name, t.value) for t in tokens] == [("lg", 8), ("xl", 12)]
    assert [(t.name, t.value) for t in spacing_scale([24, 16, 23, 2, 16])] == [("4", 16), ("6", 24)]


# --- writing and reading the theme --------------------------------------------------------------


def test_the_theme_is_written_for_tailwind_for_css_and_as_w3c_json() -> None:
    tailwind = tailwind_theme_css(THEME)
    assert tailwind.startswith("@theme {") and tailwind.endswith("}")
    for line in (
        "--color-primary: #2563eb;",
        "--text-md: 16px;",
        "--text-md--line-height: 24px;",
        "--font-weight-bold: 700;",
        "--spacing: 4px;",
        "--spacing-4: 16px;",
        "--radius-lg: 8px;",
    ):
        assert line in tailwind and line in root_css(THEME)
    assert root_css(THEME).startswith(":root {")
    tokens = json.loads(tokens_json(THEME))
    assert tokens["color"]["primary"] == {"$type": "color", "$value": "#2563eb"}
    assert tokens["font-size"]["lg"] == {"$type": "dimension", "$value": "20px"}
    assert tokens["line-height"]["md"] == {"$type": "dimension", "$value": "24px"}
    assert tokens["font-weight"]["bold"] == {"$type": "fontWeight", "$value": 700}
    assert tokens["radius"]["lg"]["$value"] == "8px" and tokens["spacing"]["4"]["$value"] == "16px"


@pytest.mark.parametrize("target", list(Target))
def test_a_declared_theme_reads_back_as_written(target: Target) -> None:
    code = emit(sample_tree(), target, title="Landing")
    theme = code_theme(code, target)
    assert theme.source == "declared"
    names = {c.name for c in theme.colours}
    assert {"surface", "text", "primary"} <= names
    assert any(s.name == "md" and s.line_height_px for s in theme.font_sizes)
    assert theme.radii and theme.spacing and theme.font_weights


def test_without_a_theme_the_literals_are_gathered_and_marked_computed() -> None:
    css_page = (
        "<html><head><style>body{background:#fff;color:#111827}.b{background:#2563EB;"
        "border:1px solid #e5e7eb;border-radius:8px;font-size:18px}</style></head><body></body></html>"
    )
    theme = code_theme(css_page, Target.HTML_CSS)
    assert theme.source == "computed"
    assert {(c.name, c.hex) for c in theme.colours} >= {("primary", "#2563eb"), ("border", "#e5e7eb")}
    jsx = (
        "export default function App() {\n"
        '  return <div className="bg-[#2563eb] text-[#111827] text-[18px]" />;\n}\n'
    )
    theme = code_theme(jsx, Target.REACT_TAILWIND)
    assert theme.source == "computed" and {c.hex for c in theme.colours} == {"#2563eb", "#111827"}
    assert code_theme("<p>hi</p>", Target.HTML_TAILWIND).source == "none"


def test_colours_a_theme_cannot_show_are_noted_not_guessed() -> None:
    page = (
        '<style type="text/tailwindcss">'
        "@theme { --color-brand: oklch(0.6 0.2 250); --color-ink: #111; }</style>"
    )
    theme = code_theme(page, Target.HTML_TAILWIND)
    assert [(c.name, c.hex) for c in theme.colours] == [("ink", "#111111")]
    assert any("--color-brand" in note for note in theme.notes)


# --- the React theme comment ----------------------------------------------------------------------


def test_react_theme_block_is_found_only_among_the_opening_comments() -> None:
    component = 'export default function App() {\n  return <p className="text-primary">Hi</p>;\n}\n'
    code = with_react_theme(component, THEME)
    theme, rest = split_react_theme(code)
    assert theme == tailwind_theme_css(THEME)
    assert rest == component
    assert with_react_theme(component, Theme()) == component
    later = component + "/* @theme { --color-x: #000; } */\n"
    assert split_react_theme(later) == ("", later)
    prose = "/* A comment about @theme usage */\n" + component
    assert split_react_theme(prose) == ("", prose)


def test_the_preview_and_the_project_export_take_the_react_theme() -> None:
    code = emit(dashboard_tree(), Target.REACT_TAILWIND, title="Dashboard")
    document = generated_document(code, Target.REACT_TAILWIND, "http://127.0.0.1:8501/app/static/vendor")
    style = re.search(r'<style type="text/tailwindcss">(.*?)</style>', document, re.S)
    assert style is not None and "--color-surface:" in style.group(1)
    files = project_files(conversion(code, Target.REACT_TAILWIND), "dashboard")
    assert (
        files["src/index.css"].startswith('@import "tailwindcss";\n') and "@theme {" in files["src/index.css"]
    )
    assert "@theme" not in files["src/App.jsx"] and "export default function App" in files["src/App.jsx"]


def test_a_theme_cannot_end_the_preview_style_early() -> None:
    code = (
        "/* @theme { --color-x: #000; --y: '</style><script>alert(1)</script>'; } */\n"
        "export default () => null;\n"
    )
    document = generated_document(code, Target.REACT_TAILWIND, "http://127.0.0.1:8501/app/static/vendor")
    head = document[: document.index("</head>")]
    assert head.count("</style>") == 1 and "<\\/style>" in head


# --- the offline engine's output ------------------------------------------------------------------


@pytest.mark.parametrize("target", list(Target))
def test_no_colour_literal_is_left_outside_the_theme(target: Target) -> None:
    code = emit(dashboard_tree(), target, title="Dashboard")
    if target is Target.REACT_TAILWIND:
        _, outside = split_react_theme(code)
    elif target is Target.HTML_TAILWIND:
        outside = re.sub(r'<style type="text/tailwindcss">.*?</style>', "", code, flags=re.S)
    else:
        outside = re.sub(r":root \{.*?\n\s*\}", "", code, count=1, flags=re.S)
    assert HEX_OUTSIDE.findall(outside) == []
    assert HEX_OUTSIDE.findall(emit(dashboard_tree(), target, title="Dashboard", tokens=False))


def test_tailwind_targets_use_the_theme_utilities_and_css_uses_variables() -> None:
    tailwind = emit(sample_tree(), Target.HTML_TAILWIND, title="Landing")
    for utility in ("bg-surface", "text-text", "bg-primary", "text-md", "font-bold", "rounded-lg"):
        assert re.search(rf'class="[^"]*(?<![\w-]){utility}(?![\w-])', tailwind), utility
    css = emit(sample_tree(), Target.HTML_CSS, title="Landing")
    style = css[css.index("<style>") : css.index("</style>")]
    assert style.index(":root {") < style.index("body {")
    assert "background: var(--color-primary);" in style and "font-size: var(--text-md);" in style


# --- a model's answer ---------------------------------------------------------------------------

MODEL_PAGE = """<!DOCTYPE html>
<html><head><style>
/* brand #123456 in a comment */
body { background: #FFF; color: #111827; font-family: "a #fff" }
.btn { background:#2563eb; border: 1px solid #E5E7EB; box-shadow: 0 0 0 1px #2563eb }
@media (max-width: 600px) { .btn { color: #fff } }
#header { color: #6b7280 }
</style></head><body style="color:#000"><p class="btn">x</p></body></html>"""


def test_a_model_css_page_gets_its_colours_as_root_variables_and_nothing_else_changes() -> None:
    themed, note = in_theme_shape(MODEL_PAGE, Target.HTML_CSS)
    assert "5 colours" in note
    root = themed[themed.index(":root {") : themed.index("}", themed.index(":root {"))]
    assert "--color-surface: #ffffff;" in root and "--color-primary: #2563eb;" in root
    assert "body { background: var(--color-surface); color: var(--color-text);" in themed
    assert ".btn { background:var(--color-primary); border: 1px solid var(--color-border);" in themed
    assert "box-shadow: 0 0 0 1px var(--color-primary) }" in themed
    assert "@media (max-width: 600px) { .btn { color: var(--color-surface) } }" in themed
    # Comments, strings, selectors and inline styles stay as written.
    for kept in ("/* brand #123456 in a comment */", '"a #fff"', "#header {", 'style="color:#000"'):
        assert kept in themed
    assert in_theme_shape(themed, Target.HTML_CSS) == (themed, "")  # already in shape


MODEL_JSX = """import React from 'react';
import clsx from 'clsx';

// brand bg-[#2563eb] in a comment
const swatch = "bg-[#123456]";

export default function App({ active }) {
  return (
    <div className="min-h-screen bg-[#ffffff] text-[#0f172a]" data-note="bg-[#abcdef]">
      <h1 className="text-[#0f172a]">Title</h1>
      <a className={`px-4 ${active ? 'text-[#2563eb]' : 'text-[#64748b]'} hover:bg-[#2563EB]/10`}>Café</a>
      <button className={clsx('rounded bg-[#2563eb]', 'border-[#e2e8f0]')}>Go bg-[#fedcba]</button>
    </div>
  );
}
"""


def test_a_model_react_answer_gets_its_class_colours_as_theme_utilities() -> None:
    themed, note = in_theme_shape(MODEL_JSX, Target.REACT_TAILWIND)
    assert "5 colours" in note and "@theme" in note
    theme_css, rest = split_react_theme(themed)
    assert "--color-primary: #2563eb;" in theme_css and "--color-surface: #ffffff;" in theme_css
    assert 'className="min-h-screen bg-surface text-text"' in rest
    assert "'text-primary'" in rest and "hover:bg-primary/10" in rest  # 3-digit case and modifier too
    assert "clsx('rounded bg-primary', 'border-border')" in rest
    # Strings, comments, other attributes and text outside className stay as written.
    for kept in (
        "// brand bg-[#2563eb] in a comment",
        '"bg-[#123456]"',
        'data-note="bg-[#abcdef]"',
        "Go bg-[#fedcba]",
    ):
        assert kept in rest
    assert code_theme(themed, Target.REACT_TAILWIND).source == "declared"
    assert in_theme_shape(themed, Target.REACT_TAILWIND) == (themed, "")  # already in shape


def test_a_model_html_tailwind_page_gets_an_at_theme_style_and_named_classes() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>t</title></head>\n"
        "<body class=\"bg-[#fff]\"><p class='text-[#0F172A] md:text-[#2563eb]'>bg-[#2563eb] here</p>"
        '<img src=x.png alt="" class="border-[#e2e8f0]"/></body></html>'
    )
    themed, note = in_theme_shape(page, Target.HTML_TAILWIND)
    assert "4 colours" in note
    assert '<body class="bg-surface">' in themed and "class='text-text md:text-primary'" in themed
    assert 'class="border-border"/>' in themed and ">bg-[#2563eb] here<" in themed
    style = themed[themed.index('<style type="text/tailwindcss">') : themed.index("</head>")]
    assert "@theme {" in style and "--color-primary: #2563eb;" in style
    assert code_theme(themed, Target.HTML_TAILWIND).source == "declared"


def test_tailwind_answers_that_cannot_be_rewritten_safely_stay_as_written() -> None:
    declared = with_react_theme('export default () => <div className="bg-[#2563eb]" />;\n', THEME)
    headless = '<div class="bg-[#2563eb]">Hi</div>'
    broken = 'export default function App() { return <div className="bg-[#2563eb]">; }'
    assert in_theme_shape(declared, Target.REACT_TAILWIND) == (declared, "")
    assert in_theme_shape(headless, Target.HTML_TAILWIND) == (headless, "")
    assert in_theme_shape(broken, Target.REACT_TAILWIND) == (broken, "")
    assert "declares no theme" in literal_note(broken, Target.REACT_TAILWIND)  # what the Theme tab says
