"""Prices per million tokens, and the cost of a conversion from its usage.

Prices are the providers' list prices in USD (checked 2026-11); update them here when they
change. A model missing from the table has an unknown cost (``None``), never a guessed one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Price:
    """USD per million tokens."""

    input: float
    cached_input: float
    output: float


PRICES: dict[str, Price] = {
    "kimi-k2.5": Price(input=0.60, cached_input=0.10, output=3.00),
    "gpt-4o": Price(input=2.50, cached_input=1.25, output=10.00),
    "gpt-4o-mini": Price(input=0.15, cached_input=0.075, output=0.60),
    "gpt-4.1": Price(input=2.00, cached_input=0.50, output=8.00),
    "gpt-4.1-mini": Price(input=0.40, cached_input=0.10, output=1.60),
}


def price_for(model: str) -> Price | None:
    """The list price of ``model``; a provider prefix (``openai/gpt-4o``) is ignored."""
    return PRICES.get(model) or PRICES.get(model.rsplit("/", 1)[-1])


def cost_usd(model: str, input_tokens: int, cached_tokens: int, output_tokens: int) -> float | None:
    """Cost of one call. ``input_tokens`` includes ``cached_tokens``, which bill at the cached rate."""
    price = price_for(model)
    if price is None:
        return None
    cached = min(cached_tokens, input_tokens)
    fresh = input_tokens - cached
    return (fresh * price.input + cached * price.cached_input + output_tokens * price.output) / 1_000_000
