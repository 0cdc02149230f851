"""Code out of model replies: fenced, unfenced, cut off, several blocks; validation; live streaming."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converters.errors import EmptyReplyError, InvalidCodeError, NoCodeError
from converters.extract import CodeStream, extract_code, validate_code
from converters.extract.validate import BIDI_WARNING
from converters.targets import Target

HTML_TARGETS = [Target.HTML_CSS, Target.HTML_TAILWIND]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <title>Shop</title>
</head>
<body>
  <header class="bar"><h1>Shop</h1></header>
  <main><p>Welcome</p><button>Buy</button></main>
</body>
</html>
"""

COMPONENT = """import { useState } from "react";

export default function App() {
  const [count, setCount] = useState(0);
  return (
    <main className="p-4">
      <button onClick={() => setCount(count + 1)}>Clicked {count} times</button>
    </main>
  );
}
"""


def fenced(code: str, language: str = "", fence: str = "```") -> str:
    return f"{fence}{language}\n{code}{fence}\n"


def stream_all(deltas: list[str]) -> CodeStream:
    stream = CodeStream()
    for delta in deltas:
        stream.feed(delta)
    return stream


# extract_code: fences


@pytest.mark.parametrize("language", ["html", "HTML", "htm", ""])
def test_fenced_html_is_taken_whatever_its_tag(language: str) -> None:
    extracted = extract_code("Here is the page:\n\n" + fenced(PAGE, language) + "\nEnjoy!", Target.HTML_CSS)
    assert extracted.code == PAGE
    assert extracted.language == (language.lower() or None)
    assert extracted.warnings == ()


@pytest.mark.parametrize("language", ["jsx", "tsx", "javascript", "js", "react", "typescript", ""])
def test_fenced_react_is_taken_whatever_its_tag(language: str) -> None:
    extracted = extract_code(f"Sure.\n{fenced(COMPONENT, language)}Notes follow.", Target.REACT_TAILWIND)
    assert extracted.code == COMPONENT
    assert extracted.warnings == ()


@pytest.mark.parametrize("fence", ["~~~", "````", "`````"])
def test_tilde_and_long_backtick_fences(fence: str) -> None:
    code = PAGE.replace("<p>Welcome</p>", "<pre>\n```\nnot a fence here\n```\n</pre>")
    extracted = extract_code(fenced(code, "html", fence), Target.HTML_TAILWIND)
    assert extracted.code == code


def test_info_string_with_file_name_keeps_the_language() -> None:
    assert extract_code(fenced(PAGE, "html title=index.html"), Target.HTML_CSS).language == "html"


def test_missing_closing_fence_takes_the_rest_of_the_reply() -> None:
    extracted = extract_code("Here:\n```html\n" + PAGE, Target.HTML_CSS)
    assert extracted.code == PAGE


def test_closing_fence_glued_to_the_last_line_is_dropped() -> None:
    extracted = extract_code("```html\n" + PAGE.rstrip() + "```", Target.HTML_CSS)
    assert extracted.code == PAGE


def test_bom_crlf_and_surrounding_blank_lines_are_normalised() -> None:
    reply = "\ufeff  \r\n```html\r\n\r\n\r\n" + PAGE.replace("\n", "\r\n") + "\r\n\r\n```\r\n"
    extracted = extract_code(reply, Target.HTML_CSS)
    assert extracted.code == PAGE
    assert extracted.code.endswith("</html>\n") and "\r" not in extracted.code


def test_leading_think_section_is_ignored() -> None:
    reply = "<think>The user wants a <div> page. ```html maybe```</think>\n" + fenced(PAGE, "html")
    assert extract_code(reply, Target.HTML_CSS).code == PAGE


# extract_code: several blocks


def test_html_target_picks_the_html_block_and_says_the_others_were_ignored() -> None:
    reply = (
        fenced("npm install -g serve\n", "bash")
        + "Then:\n"
        + fenced(PAGE, "html")
        + fenced("console.log('hi');\n", "js")
    )
    extracted = extract_code(reply, Target.HTML_TAILWIND)
    assert extracted.code == PAGE
    assert extracted.language == "html"
    assert extracted.warnings == (
        f"The reply held 3 code blocks; used the html one ({len(PAGE.strip()):,} characters) "
        "and ignored the rest.",
    )


def test_react_target_picks_the_component_over_a_usage_snippet() -> None:
    reply = fenced(COMPONENT, "jsx") + "Use it like this:\n" + fenced("<App />\n", "jsx")
    extracted = extract_code(reply, Target.REACT_TAILWIND)
    assert extracted.code == COMPONENT
    assert "2 code blocks" in extracted.warnings[0]


def test_when_several_blocks_fit_the_longest_wins() -> None:
    short = "<!DOCTYPE html>\n<html><body><p>Short</p></body></html>\n"
    extracted = extract_code(fenced(short, "html") + fenced(PAGE, "html"), Target.HTML_CSS)
    assert extracted.code == PAGE
    assert "used the html one" in extracted.warnings[0]


def test_untagged_markup_block_fits_html_but_jsx_does_not() -> None:
    jsx = "export default function App() {\n  return <div className='x'>Hi</div>;\n}\n"
    extracted = extract_code(fenced(jsx) + fenced(PAGE), Target.HTML_CSS)
    assert extracted.code == PAGE
    assert extracted.language is None


def test_html_css_merges_a_separate_css_block_into_the_head() -> None:
    page = PAGE.replace("</head>", '  <link rel="stylesheet" href="styles.css">\n</head>')
    css = ".bar { background: #4f46e5; }\n"
    extracted = extract_code(fenced(page, "html") + "And the styles:\n" + fenced(css, "css"), Target.HTML_CSS)
    head = extracted.code.split("</head>")[0]
    assert "<style>\n.bar { background: #4f46e5; }\n</style>" in head
    assert "styles.css" not in extracted.code
    assert extracted.warnings == (
        f"Merged the separate CSS ({len(css.strip())} characters) into a <style> element in the head.",
    )


def test_html_css_merge_into_a_fragment_builds_a_head_for_the_style() -> None:
    extracted = extract_code(
        fenced("<div class='a'>Hi</div>\n", "html") + fenced(".a{color:red}\n", "css"), Target.HTML_CSS
    )
    head, body = extracted.code.split("</head>")
    assert "<style>\n.a{color:red}\n</style>" in head and "<div class='a'>Hi</div>" in body
    assert any("wrapped it in a complete page" in warning for warning in extracted.warnings)


def test_html_tailwind_does_not_merge_css_and_says_it_was_ignored() -> None:
    extracted = extract_code(
        fenced(PAGE, "html") + fenced("body { margin: 0 }\n", "css"), Target.HTML_TAILWIND
    )
    assert "<style>" not in extracted.code
    assert "2 code blocks" in extracted.warnings[0]


# extract_code: unfenced code, truncation, failures


def test_raw_html_document_drops_the_prose_around_it() -> None:
    reply = "Sure! Here is the page.\n\n" + PAGE + "\nThis page uses a header and a main section.\n"
    extracted = extract_code(reply, Target.HTML_TAILWIND)
    assert extracted.code == PAGE
    assert extracted.language is None


def test_raw_react_starts_at_the_first_import_and_drops_trailing_prose() -> None:
    reply = "Here is the component:\n\n" + COMPONENT + "\nIt keeps a click counter in state.\n"
    assert extract_code(reply, Target.REACT_TAILWIND).code == COMPONENT


def test_raw_react_starting_with_a_function_line() -> None:
    code = "function App() {\n  return <p>Hi</p>;\n}\n\nexport default App\n"
    assert extract_code("The code:\n" + code + "\nThat's all.", Target.REACT_TAILWIND).code == code


def test_truncated_reply_keeps_the_code_and_says_it_is_incomplete() -> None:
    cut = PAGE[: PAGE.index("<button>")]
    extracted = extract_code("```html\n" + cut, Target.HTML_CSS, truncated=True)
    assert extracted.code == cut.rstrip() + "\n"
    assert extracted.warnings[0].startswith(
        "The reply was cut off at the model's output limit: the code is incomplete"
    )
    assert extracted.warnings[1:] == (
        "Some tags are never closed (<main>): the page may not look as intended.",
    )


def test_truncated_inside_the_closing_fence_drops_the_fence_characters() -> None:
    extracted = extract_code("```html\n" + PAGE + "``", Target.HTML_CSS, truncated=True)
    assert extracted.code == PAGE


@pytest.mark.parametrize("reply", ["", "   \n\t\n", "\ufeff"])
def test_empty_reply_is_an_empty_reply_error(reply: str) -> None:
    with pytest.raises(EmptyReplyError, match="empty reply. Try again"):
        extract_code(reply, Target.HTML_CSS)


def test_prose_only_is_a_no_code_error_that_says_what_to_ask_for() -> None:
    with pytest.raises(NoCodeError, match="text but no HTML code.*'answer with one html code block'"):
        extract_code("I can't see the image clearly. Could you send a larger one?", Target.HTML_CSS)
    with pytest.raises(NoCodeError, match="text but no React code.*'answer with one jsx code block'"):
        extract_code("I can't see the image clearly.", Target.REACT_TAILWIND)


def test_empty_fenced_block_is_no_code() -> None:
    with pytest.raises(NoCodeError):
        extract_code("Here:\n```html\n\n```\nDone.", Target.HTML_TAILWIND)


def test_unclosed_think_section_is_no_code() -> None:
    with pytest.raises(NoCodeError):
        extract_code("<think>Let me write <div> tags for the header", Target.HTML_TAILWIND)


def test_code_of_the_wrong_kind_is_invalid_not_missing() -> None:
    with pytest.raises(InvalidCodeError, match="React \\(JSX\\) code, not HTML"):
        extract_code(fenced(COMPONENT, "jsx"), Target.HTML_CSS)
    with pytest.raises(InvalidCodeError, match="an HTML page, not a React component"):
        extract_code(fenced(PAGE, "html"), Target.REACT_TAILWIND)


# validate_code: HTML


@pytest.mark.parametrize("target", HTML_TARGETS)
def test_complete_page_passes_unchanged(target: Target) -> None:
    assert validate_code(PAGE, target) == (PAGE, ())


def test_fragment_is_wrapped_into_a_complete_document() -> None:
    code, warnings = validate_code("<section><h1>Hi</h1></section>", Target.HTML_TAILWIND)
    assert code.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in code
    assert "<title>Design</title>" in code
    assert code.endswith("<body>\n<section><h1>Hi</h1></section>\n</body>\n</html>\n")
    assert warnings == (
        "The code was a fragment of HTML; wrapped it in a complete page (doctype, head, body).",
    )


def test_missing_doctype_is_added() -> None:
    code, warnings = validate_code("<html><body><p>Hi</p></body></html>", Target.HTML_CSS)
    assert code == "<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>\n"
    assert "standards mode" in warnings[0]


def test_unclosed_tags_are_listed_up_to_five() -> None:
    code = "<!DOCTYPE html><html><body>" + "".join(
        f"<{tag}>" for tag in ["div", "section", "nav", "ul", "span", "em", "b"]
    )
    _, warnings = validate_code(code, Target.HTML_CSS)
    assert warnings == (
        "Some tags are never closed (<b>, <em>, <span>, <ul>, <nav> and 2 more): "
        "the page may not look as intended.",
    )


def test_tags_with_optional_end_tags_and_void_tags_are_not_reported() -> None:
    code = "<!DOCTYPE html><html><body><ul><li>One<li>Two</ul><p>Text<br><img src=a.png><input></body></html>"
    assert validate_code(code, Target.HTML_CSS)[1] == ()


def test_mismatched_closing_tags_are_reported() -> None:
    _, warnings = validate_code(
        "<!DOCTYPE html><html><body><div><span>Hi</div></section></body></html>", Target.HTML_CSS
    )
    assert warnings == (
        "Some tags are never closed (<span>): the page may not look as intended.",
        "Some closing tags match no open tag (</section>): the page may not look as intended.",
    )


def test_cdn_scripts_and_stylesheets_are_removed_and_named() -> None:
    head = (
        '  <script src="https://cdn.tailwindcss.com"></script>\n'
        '  <script type="module" src="https://cdn.jsdelivr.net/npm/@tailwindcss/browser@4"></script>\n'
        '  <link href="//unpkg.com/normalize.css" rel="stylesheet" />\n'
        '  <script src="app.js"></script>\n'
        '  <link rel="preconnect" href="https://fonts.googleapis.com">\n'
        "  <script>tailwind.config = {}</script>\n"
    )
    code, warnings = validate_code(PAGE.replace("</head>", head + "</head>"), Target.HTML_TAILWIND)
    assert "cdn.tailwindcss.com" not in code and "@tailwindcss/browser" not in code and "unpkg" not in code
    assert '<script src="app.js"></script>' in code and 'rel="preconnect"' in code
    assert "<script>tailwind.config = {}</script>" in code
    assert "  <title>Shop</title>\n  <script src" in code  # the removed lines leave no blank lines
    assert warnings == (
        "Removed 3 tags that load files from other sites (cdn.tailwindcss.com, cdn.jsdelivr.net, unpkg.com): "
        "the preview supplies its own runtime, Tailwind included, and does not fetch from other sites.",
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (COMPONENT, "React \\(JSX\\) code, not HTML"),
        ("<div className='card'>Hi</div>", "React \\(JSX\\) code, not HTML"),
        ("def main():\n    print('<div>hi</div>')\n", "not HTML \\(it starts with 'def main\\(\\):'\\)"),
        ("Just some words.", "not HTML"),
        ("<!-- only a comment -->", "holds no HTML elements"),
    ],
)
def test_code_that_is_not_html_is_rejected(code: str, message: str) -> None:
    with pytest.raises(InvalidCodeError, match=message + ".*Try again"):
        validate_code(code, Target.HTML_CSS)


# validate_code: React


@pytest.mark.parametrize(
    "code",
    [
        "export default function App() {\n  return <p>Hi</p>;\n}\n",
        "function App() {\n  return <p>Hi</p>;\n}\nexport default App;\n",
        "export default function Landing() {\n  return <p>Hi</p>;\n}\n",
        "export default () => <p>Hi</p>;\n",
        "const App = () => <p>Hi</p>;\nexport { App as default };\n",
    ],
)
def test_default_export_forms_are_accepted_unchanged(code: str) -> None:
    assert validate_code(code, Target.REACT_TAILWIND) == (code, ())


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("function App() {\n  return <p>Hi</p>;\n}\n", "App"),
        ("const App = () => {\n  return <p>Hi</p>;\n};\n", "App"),
        ("const App: React.FC = () => <p>Hi</p>;\n", "App"),
        ("class App extends React.Component {\n  render() { return <p>Hi</p>; }\n}\n", "App"),
        (
            "const ITEMS = [1, 2];\nfunction Card() { return <i />; }\n"
            "function Landing() { return <Card />; }\n",
            "Landing",
        ),
        ("export function Hero() { return <h1>Hi</h1>; }\n", "Hero"),
    ],
)
def test_missing_default_export_is_added_for_the_component(code: str, name: str) -> None:
    repaired, warnings = validate_code(code, Target.REACT_TAILWIND)
    assert repaired == code + f"export default {name};\n"
    assert warnings == (
        f"The code had no default export; added 'export default {name};' so the preview can show it.",
    )


@pytest.mark.parametrize(
    "code",
    [
        "const items = [1, 2, 3];\nconsole.log(items);\n",
        "const THEME = { color: 'red' };\n",
        "// function App() {}\nconst x = 'function Hero() {}';\n",
    ],
)
def test_code_without_a_component_is_rejected(code: str) -> None:
    with pytest.raises(InvalidCodeError, match="no React component.*'answer with one jsx code block"):
        validate_code(code, Target.REACT_TAILWIND)


def test_imports_from_other_packages_are_listed() -> None:
    code = (
        'import React, { useState } from "react";\n'
        "import { useEffect } from 'react';\n"
        "import { Menu, X } from 'lucide-react';\n"
        "import {\n  motion,\n  AnimatePresence,\n} from 'framer-motion';\n"
        "import './App.css';\n"
        "// import Nope from 'commented-out';\n"
        "const note = \"import Fake from 'in-a-string'\";\n" + COMPONENT.split("\n", 1)[1]
    )
    _, warnings = validate_code(code, Target.REACT_TAILWIND)
    assert warnings == (
        "Imports from 'lucide-react', 'framer-motion', './App.css' will not resolve in the preview, "
        "which provides only React; ask for a component that imports nothing but 'react'.",
    )


def test_mounting_code_is_reported() -> None:
    code = (
        COMPONENT
        + "\nconst root = ReactDOM.createRoot(document.getElementById('root'));\nroot.render(<App />);\n"
    )
    _, warnings = validate_code(code, Target.REACT_TAILWIND)
    assert warnings == (
        "The code uses document., createRoot( itself; the preview mounts App on its own, "
        "so this part may fail or render the page twice.",
    )


def test_document_in_a_comment_or_string_is_not_mounting() -> None:
    code = COMPONENT + "// never touch document.body here\nconst hint = 'ReactDOM.render(x)';\n"
    assert validate_code(code, Target.REACT_TAILWIND)[1] == ()


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("export default function App() {\n  return (<p>Hi</p>;\n}\n", "Unbalanced parentheses"),
        ("export default function App() {\n  return <p>Hi</p>;\n", "Unbalanced braces"),
        (
            "export default function App() {\n  const a = [1, 2;\n  return <p>{a]}</p>;\n}\n",
            "close in the wrong order",
        ),
    ],
)
def test_unbalanced_brackets_are_reported(code: str, problem: str) -> None:
    _, warnings = validate_code(code, Target.REACT_TAILWIND)
    assert (
        len(warnings) == 1
        and problem in warnings[0]
        and warnings[0].endswith("the code may not compile. Try again, or ask the model to check it.")
    )


def test_brackets_in_strings_comments_templates_and_jsx_text_do_not_count() -> None:
    code = (
        "export default function App() {\n"
        "  const a = '(';  const b = \"{[\";  // ) unmatched in a comment\n"
        "  /* { block comment ( */\n"
        "  const c = `left ${a + `nested ${b.length}}`} right ( {`;\n"
        "  return <p>Don't worry, it's {c.length} o'clock</p>;\n"
        "}\n"
    )
    assert validate_code(code, Target.REACT_TAILWIND) == (code, ())


def test_validate_code_ends_with_exactly_one_newline() -> None:
    code, _ = validate_code(
        "\n\nexport default function App() { return <p />; }\n\n\n", Target.REACT_TAILWIND
    )
    assert code == "export default function App() { return <p />; }\n"


# CodeStream


def test_stream_shows_only_the_code_of_a_fenced_block() -> None:
    stream = CodeStream()
    shown = [
        stream.feed(delta)
        for delta in [
            "Here is",
            " the page:\n\n```ht",
            "ml\n<div>\n",
            "  <p>Hi</p>\n</div>\n``",
            "`\n\nEnjoy!",
        ]
    ]
    assert stream.code == "<div>\n  <p>Hi</p>\n</div>\n"
    assert "".join(shown) == stream.code
    assert shown[0] == shown[1] == "" and shown[-1] == ""
    assert stream.language == "html"


def test_stream_handles_an_opener_split_across_deltas() -> None:
    stream = CodeStream()
    assert stream.feed("``") == ""
    assert stream.feed("`html\n<div>") == "<div>"
    assert stream.feed("</div>") == "</div>"


def test_stream_never_shows_fence_characters_fed_one_at_a_time() -> None:
    reply = "Intro.\n~~~jsx\nexport default function App() {\n  return <p>Hi</p>;\n}\n~~~\nBye ``` ~~~"
    stream = CodeStream()
    shown = [stream.feed(char) for char in reply]
    assert not any("`" in piece or "~" in piece for piece in shown)
    assert stream.code == "export default function App() {\n  return <p>Hi</p>;\n}\n"


def test_stream_holds_a_partial_closing_fence_and_drops_it_at_the_end() -> None:
    stream = CodeStream()
    stream.feed("```html\n<p>Hi</p>\n``")
    assert stream.code == "<p>Hi</p>\n"
    assert stream.finish() == ""
    assert stream.code == "<p>Hi</p>\n"


def test_stream_shows_a_held_line_once_it_proves_to_be_code() -> None:
    stream = CodeStream()
    stream.feed("```js\nconst s = `\n")
    assert stream.feed("  ") == ""
    assert stream.feed("``x`;\n") == "  ``x`;\n"


def test_stream_stops_after_the_closing_fence() -> None:
    stream = stream_all(["```html\n<p>One</p>\n```\nAnd the CSS:\n```css\n", "p { color: red }\n```\n"])
    assert stream.code == "<p>One</p>\n"


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        ("  \n<!DOCTYPE html>\n<html></html>\nThat's it.", "<!DOCTYPE html>\n<html></html>"),
        ("<div>Hi</div>\n", "<div>Hi</div>\n"),
        ("import { useState } from 'react';\n", "import { useState } from 'react';\n"),
        ("export default function App() {}\n", "export default function App() {}\n"),
        ('"use client";\nexport default App;\n', '"use client";\nexport default App;\n'),
        (
            "Sure! Here it is:\n<!doctype html><html><body></body></html> Hope it helps",
            "<!doctype html><html><body></body></html>",
        ),
        ("<think>I will use <div> ```html tags```</think>\n\n<main>Hi</main>", "<main>Hi</main>"),
    ],
)
def test_stream_raw_mode(reply: str, code: str) -> None:
    assert stream_all(list(reply)).code == code
    assert stream_all([reply]).code == code


@pytest.mark.parametrize("reply", ["I could not read the image.", "Imports are tricky\n", "Some text\n```\n"])
def test_stream_shows_nothing_for_prose(reply: str) -> None:
    stream = stream_all(list(reply))
    stream.finish()
    assert stream.code == ""


def test_stream_finish_shows_a_short_first_line_that_is_code() -> None:
    stream = CodeStream()
    assert stream.feed("<th") == ""  # could still be <think>
    assert stream.finish() == "<th"
    assert stream.code == "<th"


def test_stream_normalises_crlf_split_between_deltas() -> None:
    assert (
        stream_all(["\ufeff```html\r", "\n<p>a</p>\r", "\n<p>b</p>\r\r\n```\r\n"]).code
        == "<p>a</p>\n<p>b</p>\n\n"
    )


def test_stream_of_a_long_reply_in_many_deltas_keeps_all_of_it() -> None:
    """Its speed is measured by ``benchmarks/code_stream_bench.py``."""
    line = '    <div class="row"><span>Item</span><a href="#">Link</a></div>\n'
    reply = "Here you go:\n```html\n" + line * (100_000 // len(line)) + "```\nDone."
    size = len(reply) // 5_000 + 1
    deltas = [reply[i : i + size] for i in range(0, len(reply), size)]
    assert len(deltas) <= 5_000 and len(reply) >= 100_000
    stream = stream_all(deltas)
    assert stream.code == line * (100_000 // len(line))


# Properties

_PIECES = [
    "Here is the code:\n",
    "```html\n",
    "```jsx\n",
    "~~~\n",
    "````\n",
    "```\n",
    "``",
    "`",
    "~~",
    "\n",
    "\r\n",
    "\r",
    "  ",
    "\ufeff",
    "<think>",
    "</think>",
    "<!DOCTYPE html>",
    "<html>",
    "</html>",
    "<div class='a'>",
    "import React from 'react';\n",
    "export default App;\n",
    '"use client";',
    "const s = `x`;\n",
    "Done.",
]
replies = st.lists(st.sampled_from(_PIECES) | st.text(alphabet="ab<>`~ \n\r{}", max_size=6), max_size=25).map(
    "".join
)


@settings(max_examples=300, deadline=None, derandomize=bool(os.environ.get("CI")))
@given(reply=replies, data=st.data())
def test_stream_result_does_not_depend_on_how_the_reply_is_split(reply: str, data: st.DataObject) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(reply)), max_size=12)))
    deltas = [reply[start:end] for start, end in zip([0, *cuts], [*cuts, len(reply)], strict=True)]
    whole, split = stream_all([reply]), stream_all(deltas)
    assert split.code == whole.code
    assert split.finish() == whole.finish()
    assert split.code == whole.code


_TEXT = st.text(alphabet="abcXYZ 0123.,!?:;'\"()", min_size=1, max_size=30).filter(
    lambda text: text.strip() != ""
)


@settings(max_examples=150, deadline=None, derandomize=bool(os.environ.get("CI")))
@given(
    before=st.lists(_TEXT, max_size=3),
    paragraphs=st.lists(_TEXT, min_size=1, max_size=8),
    after=st.lists(_TEXT, max_size=3),
    fence=st.sampled_from(["```", "~~~", "````"]),
    language=st.sampled_from(["html", "HTML", ""]),
    data=st.data(),
)
def test_stream_and_extract_agree_on_a_single_fenced_block(
    before: list[str], paragraphs: list[str], after: list[str], fence: str, language: str, data: st.DataObject
) -> None:
    body = "".join(f"  <p>{text}</p>\n" for text in paragraphs)
    page = f"<!DOCTYPE html>\n<html>\n<body>\n{body}</body>\n</html>\n"
    reply = "".join(f"{line}\n" for line in before) + fenced(page, language, fence) + "\n".join(after)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(reply)), max_size=20)))
    deltas = [reply[start:end] for start, end in zip([0, *cuts], [*cuts, len(reply)], strict=True)]
    assert stream_all(deltas).code.rstrip("\n") == extract_code(reply, Target.HTML_TAILWIND).code.rstrip("\n")


def test_unfenced_page_next_to_an_unrelated_block_is_found() -> None:
    reply = (
        "First run:\n" + fenced("npm install -g serve\n", "bash") + "Then save this page:\n" + PAGE + "Done."
    )
    assert extract_code(reply, Target.HTML_CSS).code == PAGE


def test_code_inside_an_unfitting_block_is_not_taken_as_unfenced_code() -> None:
    script = (
        "<!DOCTYPE html>\n<html><body><script>\nfunction Widget() { return 1; }\n</script></body></html>\n"
    )
    with pytest.raises(InvalidCodeError, match="an HTML page, not a React component"):
        extract_code(fenced(script, "html"), Target.REACT_TAILWIND)


def test_bidirectional_control_characters_in_code_are_reported() -> None:
    # "Trojan Source": a right-to-left override makes code read differently from how it runs.
    code = (
        "export default function App() {\n"
        '  const role = "user\u202e } if (admin) { \u2066";\n'
        "  return <p>{role}</p>;\n}\n"
    )
    assert BIDI_WARNING in validate_code(code, Target.REACT_TAILWIND)[1]
    hebrew = "export default function App() { return <p>שלום</p>; }"
    assert BIDI_WARNING not in validate_code(hebrew, Target.REACT_TAILWIND)[1]
