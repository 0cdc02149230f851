"""The accessibility audit of a rendered page: axe-core's rules and a keyboard walk, in the browser.

``audit_page`` runs the checks of ``converters.a11y.vocabulary`` on the page as rendered (after
its screenshot and text probe, before any reflow: at the width it was scored at) and returns an
``A11yReport``. Contrast is axe-core's: the text colour against the background it finds under
the text in the laid-out page (stacked elements, opacity, blending), at WCAG 2.2 AA's ratios.
The keyboard check is ours: the renderer presses Tab, a real key event, and notes which control
takes the focus each time (``audit_scripts.CONTROLS_JS`` says what a control is).

Isolation: axe-core (vendored, ``static/vendor``) and the audit's scripts run in an isolated
world of the page made for the audit (``Page.createIsolatedWorld``): the page's code cannot
reach or redefine anything they use. A failure of the audit itself (axe-core throws, the page
navigated away) gives a report with ``error`` set, not a failed render; a page that hangs the
browser past a deadline fails its render as every other step does.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any, Final, TypeVar

from playwright.async_api import CDPSession, Page
from playwright.async_api import Error as PlaywrightError

from converters.a11y.report import MAX_FINDINGS_PER_CHECK, A11yReport, CheckResult, Contrast, Finding
from converters.a11y.vocabulary import AXE_RULES, CHECK_KEYS, CHECK_OF_RULE, KEYBOARD
from converters.preview import audit_script
from converters.render.audit_scripts import (
    AXE_AUDIT_JS,
    CONTROLS_JS,
    FOCUSED_JS,
    HELPERS_JS,
    KEYBOARD_RESULT_JS,
)
from converters.render.types import STEP_DEADLINE_S

_T = TypeVar("_T")
Step = Callable[[Awaitable[Any], float, str], Awaitable[Any]]
"""The renderer's deadline wrapper: ``step(work, seconds, what)``."""

WORLD_NAME: Final = "handoff-a11y"
AXE_DEADLINE_S: Final = 2 * STEP_DEADLINE_S
"""Longest axe-core may take on one page: a few seconds for a long page with thousands of
elements on a loaded 2-core machine; twice a step's deadline before the page counts as hung."""
TAB_SLACK: Final = 20
"""Tab presses beyond one per control: focusable elements that are not controls (scrolling
boxes), and the press that leaves the page before the focus comes round again."""
MAX_TAB_PRESSES: Final = 400
"""Most Tab presses on one page (~5 ms each): controls the walk did not get to are undecided."""


class AuditError(Exception):
    """The audit could not run on this page (its message says why)."""


async def audit_page(page: Page, cdp: CDPSession, step: Step) -> A11yReport:
    """The page's accessibility report; see the module. ``step`` bounds each browser step."""
    try:
        world = await _World.make(cdp, step)
        await world.run(_axe_source(), seconds=STEP_DEADLINE_S, what="loading the accessibility checker")
        await world.run(HELPERS_JS)
        found = await world.call(
            AXE_AUDIT_JS,
            [list(AXE_RULES), dict(CHECK_OF_RULE), MAX_FINDINGS_PER_CHECK],
            seconds=AXE_DEADLINE_S,
            what="checking its accessibility",
        )
        keyboard = await _keyboard(page, world, step)
        return _report([found, keyboard])
    except AuditError as error:
        return A11yReport((), (), error=str(error))
    except PlaywrightError as error:
        if not _connected(page):
            raise  # the browser died: the renderer replaces it
        return A11yReport((), (), error=error.message.split("\n", 1)[0])


async def _keyboard(page: Page, world: _World, step: Step) -> dict[str, Any]:
    """Tab through the page; the keyboard check's counts and findings."""
    controls = int(await world.call(CONTROLS_JS))
    walked = False
    if controls:
        for _ in range(min(controls + TAB_SLACK, MAX_TAB_PRESSES)):
            await step(page.keyboard.press("Tab"), STEP_DEADLINE_S, "pressing Tab")
            if await world.call(FOCUSED_JS):
                walked = True
                break
    else:
        walked = True
    result: dict[str, Any] = await world.call(KEYBOARD_RESULT_JS, [walked, MAX_FINDINGS_PER_CHECK])
    return {"counts": {KEYBOARD.key: result["counts"]}, "findings": result["findings"]}


def _report(parts: list[dict[str, Any]]) -> A11yReport:
    """The report of the scripts' answers (``{counts: {check: {passed, failed, unsure}}, findings}``)."""
    try:
        counts: dict[str, dict[str, Any]] = {}
        for part in parts:
            counts.update(part["counts"])
        checks = tuple(
            CheckResult(
                key,
                passed=int(counts.get(key, {}).get("passed", 0)),
                failed=int(counts.get(key, {}).get("failed", 0)),
                unsure=int(counts.get(key, {}).get("unsure", 0)),
            )
            for key in CHECK_KEYS
        )
        findings = [_finding(raw) for part in parts for raw in part["findings"]]
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise AuditError(f"the checker's answer was not understood ({error})") from error
    order = {key: i for i, key in enumerate(CHECK_KEYS)}
    findings.sort(key=lambda finding: order[finding.check])  # stable: document order within a check
    return A11yReport(checks, tuple(findings))


def _finding(raw: dict[str, Any]) -> Finding:
    box = raw.get("box")
    contrast = raw.get("contrast")
    if raw["check"] not in CHECK_KEYS:
        raise ValueError(f"unknown check {raw['check']!r}")
    return Finding(
        check=str(raw["check"]),
        selector=str(raw["selector"]),
        element=str(raw["element"]),
        message=str(raw["message"]),
        box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])) if box else None,
        contrast=Contrast(
            ratio=round(float(contrast["ratio"]), 2),
            expected=float(contrast["expected"]),
            foreground=str(contrast["foreground"]),
            background=str(contrast["background"]),
        )
        if contrast
        else None,
    )


class _World:
    """The audit's isolated world in the page's main frame (CDP ``Runtime`` calls into it)."""

    def __init__(self, cdp: CDPSession, context_id: int, step: Step) -> None:
        self._cdp, self._context_id, self._step = cdp, context_id, step

    @classmethod
    async def make(cls, cdp: CDPSession, step: Step) -> _World:
        tree = await step(cdp.send("Page.getFrameTree"), STEP_DEADLINE_S, "reading its frames")
        made = await step(
            cdp.send(
                "Page.createIsolatedWorld",
                {"frameId": tree["frameTree"]["frame"]["id"], "worldName": WORLD_NAME},
            ),
            STEP_DEADLINE_S,
            "preparing its accessibility checks",
        )
        return cls(cdp, int(made["executionContextId"]), step)

    async def run(
        self, source: str, *, seconds: float = STEP_DEADLINE_S, what: str = "checking its accessibility"
    ) -> Any:
        """Evaluate ``source`` in the world; its value (JSON), awaited if it is a promise."""
        answer = await self._step(
            self._cdp.send(
                "Runtime.evaluate",
                {
                    "expression": source,
                    "contextId": self._context_id,
                    "awaitPromise": True,
                    "returnByValue": True,
                },
            ),
            seconds,
            what,
        )
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text", "")
            raise AuditError(f"the accessibility checker failed: {str(text).splitlines()[0][:200]}")
        return answer.get("result", {}).get("value")

    async def call(
        self,
        function: str,
        arg: Any = None,
        *,
        seconds: float = STEP_DEADLINE_S,
        what: str = "checking its accessibility",
    ) -> Any:
        """Call the function expression ``function`` with ``arg`` (JSON) in the world."""
        return await self.run(f"({function.strip()})({json.dumps(arg)})", seconds=seconds, what=what)


@cache
def _axe_source() -> str:
    return audit_script().read_text(encoding="utf-8")


def _connected(page: Page) -> bool:
    browser = page.context.browser
    return browser is not None and browser.is_connected()
