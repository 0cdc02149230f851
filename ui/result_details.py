"""A result's Details tab: engine, time, cost, tokens, how the model was asked, and the rounds of
check and revise."""

from __future__ import annotations

import streamlit as st

from converters.conversion import Conversion
from converters.engines import engine_infos
from ui.safe_text import md_text
from ui.times import local_time


def show_details(conversion: Conversion) -> None:
    usage = conversion.usage
    info = next((i for i in engine_infos() if i.name == conversion.engine), None)
    local = info is not None and info.local
    left, middle, right = st.columns(3)
    engine_label = info.label if info is not None else conversion.engine
    left.metric("Engine", md_text(engine_label), help=f"Model: {md_text(conversion.model)}")
    middle.metric("Time", f"{conversion.timings.total_s:.1f} s")
    if usage is not None and usage.cost_usd is not None:
        right.metric("Cost", f"${usage.cost_usd:.4f}")
    elif local:
        right.metric("Cost", "free", help="It ran on this machine: no model, no tokens.")
    else:
        right.metric("Cost", "unknown", help="No price for this model, or no usage reported.")
    no_tokens = "none: no model" if local else "not reported"
    rows = {
        "Model": conversion.model,
        "Target": conversion.target.label,
        "Started": local_time(conversion.timings.started_at),
        "First code after": _seconds(conversion.timings.first_code_s),
        "Input tokens": f"{usage.input_tokens:,} ({usage.cached_tokens:,} cached)" if usage else no_tokens,
        "Output tokens": f"{usage.output_tokens:,}" if usage else no_tokens,
        "Asked": _asked(conversion) if not local else "no model: the design's own pixels",
        "Prompt": f"{conversion.prompt_name} · {conversion.prompt_hash[:12]}",
        "Complete": "yes" if conversion.complete else "no: partial code",
    }
    # Table cells are Markdown too, and the model's name and the stored fields are not ours.
    table_md = {
        "Detail": [md_text(name) for name in rows],
        "Value": [md_text(value) for value in rows.values()],
    }
    st.table(table_md, hide_index=True)
    if conversion.checks:
        show_checks(conversion)
    if conversion.reasoning:
        with st.expander(f"Model reasoning ({len(conversion.reasoning):,} characters)"):
            st.text(conversion.reasoning)


def show_checks(conversion: Conversion) -> None:
    """The rounds of check and revise: scores before and after, what was sent, what it cost."""
    st.markdown("##### Check and revise")
    rounds = conversion.checks
    table = {
        "Round": [f"{n:d}" for n in range(1, len(rounds) + 1)],
        "Fidelity before": ["-" if r.score_before is None else f"{r.score_before:.0%}" for r in rounds],
        "After": [f"{r.score_after:.0%}" if r.score_after is not None else "—" for r in rounds],
        "Kept": ["yes" if r.kept else "no" for r in rounds],
        "Problems sent": [f"{r.problems:d}" for r in rounds],
        "Tokens in / out": [f"{r.input_tokens:,} / {r.output_tokens:,}" for r in rounds],
        "Cost": [f"${r.cost_usd:.4f}" if r.cost_usd is not None else "—" for r in rounds],
        "Model / scoring": [f"{r.model_s:.1f} s / {r.score_s:.1f} s" for r in rounds],
    }
    st.dataframe(table, hide_index=True, width="stretch")  # cells are plain text
    for number, check in enumerate(rounds, start=1):
        if check.note:
            st.caption(f":material/info: Round {number:d}: {md_text(check.note)}")
        if check.feedback:
            with st.expander(f"Feedback sent in round {number:d}"):
                st.text(check.feedback)


def _asked(conversion: Conversion) -> str:
    """How the model was asked: its strategy and the size of the design's reading sent with it."""
    strategy = conversion.strategy or "plain"
    if conversion.grounding_tokens:
        return f"{strategy} · the design's reading ≈ {conversion.grounding_tokens:,} tokens beside the image"
    return strategy


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"
