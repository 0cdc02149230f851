"""Check code against what its target needs, repairing what can be repaired."""

from __future__ import annotations

import re
from typing import Final

from converters.extract.fences import tidy_code
from converters.extract.html_check import validate_html
from converters.extract.react_check import validate_react
from converters.targets import Target

_BIDI_CONTROLS: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")
BIDI_WARNING: Final = (
    "The code holds invisible bidirectional control characters (as in U+202E), which can make it "
    "read differently from how it runs. Review it in an editor that shows them."
)


def validate_code(code: str, target: Target) -> tuple[str, tuple[str, ...]]:
    """Return ``code``, possibly repaired, and warnings for the user; raise ``InvalidCodeError``
    when it cannot work for ``target``.

    HTML targets: must be markup with at least one element; a fragment is wrapped into a page;
    scripts and stylesheets from other sites are removed; unclosed and stray tags are reported.
    React: needs a default export (``export default App;`` is added when a component exists);
    imports other than ``react``, direct mounting and unbalanced brackets are reported.
    Any target: bidirectional control characters are reported (the "Trojan Source" trick: code
    that reads one way in a review and runs another). The result ends with exactly one newline.
    """
    code = tidy_code(code)
    if target is Target.REACT_TAILWIND:
        repaired, warnings = validate_react(code)
    else:
        repaired, warnings = validate_html(code)
    if _BIDI_CONTROLS.search(repaired):
        warnings.append(BIDI_WARNING)
    return tidy_code(repaired), tuple(warnings)
