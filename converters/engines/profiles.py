"""What each model accepts: sampling, thinking switch, output budget. Unknown models get the
cautious default (send a low temperature; learn from a rejection, see ``SamplingMemory``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

DEFAULT_TEMPERATURE = 0.2


@dataclass(frozen=True)
class ModelProfile:
    """fixed_sampling: the server fixes temperature/top_p and rejects others, so send none.
    thinking_switch: the model takes ``extra_body={"thinking": {"type": "disabled"}}``.
    max_output_tokens: sent as ``max_tokens``; ``None`` leaves the server's default."""

    fixed_sampling: bool = False
    thinking_switch: bool = False
    max_output_tokens: int | None = None


_PROFILES = {
    # Moonshot fixes Kimi K2.5's sampling (temperature 1 with thinking, 0.6 without).
    "kimi-k2.5": ModelProfile(fixed_sampling=True, thinking_switch=True, max_output_tokens=32_768),
    "gpt-4o": ModelProfile(max_output_tokens=16_384),
    "gpt-4o-mini": ModelProfile(max_output_tokens=16_384),
    "gpt-4.1": ModelProfile(max_output_tokens=32_768),
    "gpt-4.1-mini": ModelProfile(max_output_tokens=32_768),
}


def profile_for(model: str) -> ModelProfile:
    """The profile of ``model`` (a provider prefix like ``moonshotai/`` is ignored)."""
    return _PROFILES.get(model) or _PROFILES.get(model.rsplit("/", 1)[-1]) or ModelProfile()


class SamplingMemory:
    """Remembers, for this process, which (endpoint, model) pairs rejected a temperature."""

    def __init__(self) -> None:
        self._rejected: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def accepts_temperature(self, base_url: str, model: str) -> bool:
        with self._lock:
            return (base_url, model) not in self._rejected

    def reject_temperature(self, base_url: str, model: str) -> None:
        with self._lock:
            self._rejected.add((base_url, model))


SAMPLING_MEMORY = SamplingMemory()
