"""Variants run concurrently on the async client; one failing does not sink the others."""

from __future__ import annotations

import threading
import time

from converters.conversion import CodeEvent, Conversion, ConversionEvent
from converters.engines import convert_variants
from converters.errors import HandoffError, RequestRejectedError
from tests.fakes.engines import HTML_REPLY, kimi_engine, request
from tests.fakes.openai_server import ErrorReply, FakeOpenAIServer, Reply


def test_variants_run_at_the_same_time(fake_openai: FakeOpenAIServer) -> None:
    # Every reply stops after its first chunk until released: run one after another, never more
    # than one would be held at once; run concurrently, all four are.
    fake_openai.script(*[Reply(content=HTML_REPLY, hold_after_chunks=1)] * 4)
    results: list[object] = []
    runner = threading.Thread(
        target=lambda: results.extend(convert_variants(kimi_engine(fake_openai), request(), 4))
    )
    runner.start()
    deadline = time.monotonic() + 30  # a hang guard, not a time limit
    while fake_openai.holding < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    held_at_once = fake_openai.holding
    fake_openai.release()
    runner.join(timeout=30)

    assert held_at_once == 4
    assert not runner.is_alive()
    assert len(results) == 4 and all(isinstance(result, Conversion) for result in results)
    assert len(fake_openai.chat_requests()) == 4


def test_concurrency_bound_is_respected(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(*[Reply(content=HTML_REPLY, first_byte_delay_s=0.4)] * 4)
    convert_variants(kimi_engine(fake_openai), request(), 4, concurrency=2)
    arrivals = sorted(sent.received_at for sent in fake_openai.chat_requests())
    assert arrivals[2] - arrivals[0] >= 0.35  # the third waited for a free slot


def test_one_failing_variant_does_not_sink_the_others(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY), ErrorReply(400, "bad image"), Reply(content=HTML_REPLY))
    results = convert_variants(kimi_engine(fake_openai, max_retries=0), request(), 3)
    conversions = [result for result in results if isinstance(result, Conversion)]
    errors = [result for result in results if isinstance(result, HandoffError)]
    assert len(conversions) == 2
    assert len(errors) == 1 and isinstance(errors[0], RequestRejectedError)


def test_events_say_which_variant_they_belong_to(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY), Reply(content=HTML_REPLY))
    seen: list[tuple[int, ConversionEvent]] = []
    convert_variants(kimi_engine(fake_openai), request(), 2, on_event=lambda i, e: seen.append((i, e)))
    code_by_variant = {index for index, event in seen if isinstance(event, CodeEvent)}
    assert code_by_variant == {0, 1}
