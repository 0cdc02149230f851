"""Background conversion jobs: observed by polling, stoppable, nothing lost."""

from __future__ import annotations

import time

from converters.errors import AuthenticationError, ConversionStoppedError
from converters.jobs import ConversionJob
from tests.fakes.engines import HTML_REPLY, kimi_engine, request
from tests.fakes.openai_server import FakeOpenAIServer, Reply


def test_job_runs_to_a_result(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, reasoning="Looking closely. " * 10))
    job = ConversionJob(kimi_engine(fake_openai), request()).start()
    assert job.wait(10)
    snap = job.snapshot()
    assert snap.done and snap.error is None and snap.result is not None
    assert snap.code == snap.result.code and snap.revision > 1
    assert snap.reasoning_chars == len("Looking closely. " * 10)
    assert snap.status == "Done." and snap.usage is not None


def test_stop_keeps_the_partial_code(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, chunk_chars=5, chunk_delay_s=0.05))
    job = ConversionJob(kimi_engine(fake_openai), request()).start()
    deadline = time.monotonic() + 10
    while "<header" not in job.snapshot().code and time.monotonic() < deadline:
        time.sleep(0.02)
    job.stop()
    assert job.snapshot().stopping
    assert job.wait(10)
    snap = job.snapshot()
    assert isinstance(snap.error, ConversionStoppedError)
    assert str(snap.error).startswith("Stopped by you after")
    assert snap.result is not None and not snap.result.complete
    assert "<header" in snap.result.code and "Sign up" not in snap.result.code


def test_failure_is_reported_not_raised(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.api_key = "different-key-0000000000"
    job = ConversionJob(kimi_engine(fake_openai), request()).start()
    assert job.wait(10)
    snap = job.snapshot()
    assert isinstance(snap.error, AuthenticationError) and snap.result is None
    assert snap.status == str(snap.error)
