"""Several conversions of one design at once, on the async client, with a concurrency bound."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from converters.conversion import Conversion, ConversionEvent, ConversionRequest, Converter
from converters.engines.openai_compatible import OpenAICompatibleEngine
from converters.errors import HandoffError

VariantEventHandler = Callable[[int, ConversionEvent], None]


def convert_variants(
    engine: Converter,
    request: ConversionRequest,
    n: int,
    *,
    concurrency: int = 4,
    on_event: VariantEventHandler | None = None,
) -> list[Conversion | HandoffError]:
    """Run ``n`` independent conversions; item ``i`` is variant ``i``'s result or its error.

    One failing variant does not stop the others. Runs its own event loop in a worker thread,
    so it works from any caller (Streamlit's script threads, pytest after sync Playwright).
    """
    if n < 1:
        raise ValueError("n must be at least 1")

    def events_for(index: int) -> Callable[[ConversionEvent], None] | None:
        if on_event is None:
            return None
        return lambda event: on_event(index, event)

    if not isinstance(engine, OpenAICompatibleEngine):
        with ThreadPoolExecutor(max_workers=max(1, min(concurrency, n))) as pool:
            futures = [pool.submit(_guarded, engine, request, events_for(i)) for i in range(n)]
            return [future.result() for future in futures]

    async def run_all() -> list[Conversion | HandoffError]:
        limit = asyncio.Semaphore(max(1, concurrency))
        client = engine.async_client()
        try:

            async def one(index: int) -> Conversion | HandoffError:
                async with limit:
                    try:
                        return await engine.aconvert(request, events_for(index), client=client)
                    except HandoffError as exc:
                        return exc

            return list(await asyncio.gather(*(one(i) for i in range(n))))
        finally:
            await client.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run_all()).result()


def _guarded(
    engine: Converter, request: ConversionRequest, on_event: Callable[[ConversionEvent], None] | None
) -> Conversion | HandoffError:
    try:
        return engine.convert(request, on_event)
    except HandoffError as exc:
        return exc
