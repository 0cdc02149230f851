"""Half-written React code is closed so the live preview can render what exists."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from converters.preview.partial import close_partial_jsx

SAMPLE = """import React, { useState } from 'react';

// The page header and a grid of plans
export default function App() {
  const [open, setOpen] = useState(false);
  const plans = [{ name: 'Free', price: 0 }, { name: "Pro", price: 12 }];
  return (
    <div className="min-h-screen bg-[#f8fafc]">
      <header
        className="flex items-center justify-between bg-[#4f46e5] px-8 py-4 text-white"
        data-role="banner"
      >
        <h1 className="text-2xl font-bold">Don't wait: ship it</h1>
        <button onClick={() => setOpen(!open)} className="rounded px-3 py-1">
          {open ? 'Close' : 'Menu'}
        </button>
      </header>
      <main className="grid grid-cols-2 gap-6 p-8">
        {plans.map((plan) => (
          <section key={plan.name} className="rounded-lg border p-6">
            <h2 className="text-lg font-semibold">{plan.name}</h2>
            <p>{plan.price > 0 && plan.price < 100 ? `$${plan.price}/month` : "Free"}</p>
            <img src="" alt="Plan illustration" width={120} height={80} />
          </section>
        ))}
        <>
          <p>It's a fragment &amp; it works</p>
        </>
      </main>
    </div>
  );
}
"""
BABEL = Path(__file__).resolve().parents[2] / "static" / "vendor" / "babel-standalone-7.29.13.min.js"


def test_closes_open_tags_and_brackets_in_reverse_order() -> None:
    cut = SAMPLE[: SAMPLE.index("<h2")]
    closed = close_partial_jsx(cut)
    assert closed.endswith("</section>))}</main></div>)}\n")
    assert closed.startswith(cut[: cut.rfind("\n") + 1])


def test_empty_arrow_body_gets_null() -> None:
    cut = SAMPLE[: SAMPLE.index("<section")]
    assert close_partial_jsx(cut).endswith("(\nnull))}</main></div>)}\n")


def test_complete_code_is_unchanged() -> None:
    assert close_partial_jsx(SAMPLE) == SAMPLE


def test_a_tag_split_over_lines_is_left_out_until_complete() -> None:
    cut = SAMPLE[: SAMPLE.index('data-role="banner"')]
    closed = close_partial_jsx(cut)
    assert "<header" not in closed and closed.endswith("</div>)}\n")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_every_prefix_compiles_with_the_vendored_babel(tmp_path: Path) -> None:
    prefixes = [close_partial_jsx(SAMPLE[:cut]) for cut in range(0, len(SAMPLE) + 1, 7)]
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps(prefixes))
    script = (
        f"const Babel = require({json.dumps(str(BABEL))});"
        f"const cases = JSON.parse(require('fs').readFileSync({json.dumps(str(cases))}, 'utf8'));"
        "const bad = [];"
        "cases.forEach((c, i) => { try { Babel.transform(c, {presets: [['react', {runtime: 'classic'}]],"
        " plugins: ['transform-modules-commonjs'], filename: 'App.jsx'}); }"
        " catch (e) { bad.push(i + ': ' + e.message.split('\\n')[0]); } });"
        "console.log(JSON.stringify(bad));"
    )
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True, timeout=120)
    failures = json.loads(result.stdout)
    assert failures == [], failures[:3]
