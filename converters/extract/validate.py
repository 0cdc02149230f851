"""Check code against what its target needs, repairing what can be repaired."""

from __future__ import annotations

from converters.extract.fences import tidy_code
from converters.extract.html_check import validate_html
from converters.extract.react_check import validate_react
from converters.targets import Target


def validate_code(code: str, target: Target) -> tuple[str, tuple[str, ...]]:
    """Return ``code``, possibly repaired, and warnings for the user; raise ``InvalidCodeError``
    when it cannot work for ``target``.

    HTML targets: must be markup with at least one element; a fragment is wrapped into a page;
    scripts and stylesheets from other sites are removed; unclosed and stray tags are reported.
    React: needs a default export (``export default App;`` is added when a component exists);
    imports other than ``react``, direct mounting and unbalanced brackets are reported.
    The result ends with exactly one newline.
    """
    code = tidy_code(code)
    if target is Target.REACT_TAILWIND:
        repaired, warnings = validate_react(code)
    else:
        repaired, warnings = validate_html(code)
    return tidy_code(repaired), tuple(warnings)
