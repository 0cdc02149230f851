"""Background conversion jobs: observed by polling, stoppable (a stop is an outcome, not an
error, and does not wait for an engine that is busy), nothing lost."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from converters.conversion import ConversionRequest
from converters.errors import AuthenticationError
from converters.intake import load_design
from converters.jobs import ConversionJob, JobOutcome
from converters.offline.engine import STAGES, OfflineEngine
from converters.targets import Target
from tests.builders import encode, landing_page
from tests.fakes.engines import HTML_REPLY, kimi_engine, request
from tests.fakes.held_offline import HeldOfflineEngine
from tests.fakes.openai_server import FakeOpenAIServer, Reply

WAIT_S = 30  # a safety net for a stuck test, not a latency bound (benchmarks/stop_bench.py measures those)


def _until(condition: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert condition(), "the condition did not come true"


def test_job_runs_to_a_result(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, reasoning="Looking closely. " * 10))
    job = ConversionJob(kimi_engine(fake_openai), request()).start()
    assert job.wait(10)
    snap = job.snapshot()
    assert snap.done and snap.error is None and snap.result is not None
    assert snap.code == snap.result.code and snap.revision > 1
    assert snap.reasoning_chars == len("Looking closely. " * 10)
    assert snap.status == "Done." and snap.usage is not None
    assert snap.outcome is JobOutcome.COMPLETE and snap.stages == ()  # a model reports no stages


def test_stop_keeps_the_partial_code(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, chunk_chars=5, chunk_delay_s=0.05))
    job = ConversionJob(kimi_engine(fake_openai), request()).start()
    deadline = time.monotonic() + 10
    while "<header" not in job.snapshot().code and time.monotonic() < deadline:
        time.sleep(0.02)
    job.stop()
    assert job.wait(10)
    snap = job.snapshot()
    assert snap.outcome is JobOutcome.STOPPED and snap.stopped and snap.error is None
    assert snap.status.startswith("Stopped by you after")
    assert snap.result is not None and not snap.result.complete
    assert "<header" in snap.result.code and "Sign up" not in snap.result.code


def test_a_job_says_it_is_stopping_then_stops_even_if_its_engine_never_ran() -> None:
    job = ConversionJob(OfflineEngine(), request())  # never started: only the stop acts
    job.stop()
    stopping = job.snapshot()
    assert stopping.stopping and stopping.status == "Stopping…" and stopping.outcome is JobOutcome.RUNNING
    assert job.wait(WAIT_S)
    snap = job.snapshot()
    assert snap.stopped and not snap.stopping and snap.error is None
    assert snap.status.startswith("Stopped after")


def test_a_stop_while_the_endpoint_is_silent_does_not_wait_for_it(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.script(Reply(content=HTML_REPLY, chunk_chars=5, hold_after_chunks=12))
    job = ConversionJob(kimi_engine(fake_openai, read_timeout_s=WAIT_S), request()).start()
    _until(lambda: fake_openai.holding and "<!DOCTYPE" in job.snapshot().code)
    job.stop()
    assert job.wait(WAIT_S)  # while the server still holds the stream
    snap = job.snapshot()
    assert snap.outcome is JobOutcome.STOPPED and snap.error is None
    # Usually the job ends without the engine ("Stopped after N s."); on a loaded machine the
    # engine's thread may see the stop first and end the job itself. Either way it did not wait
    # for the silent endpoint, and the partial code is kept.
    assert snap.status.startswith(("Stopped after", "Stopped by you after")) and "kept" in snap.status
    assert snap.result is not None and "<!DOCTYPE" in snap.result.code
    # The code that arrived before the endpoint went silent is the (partial) result.
    assert snap.result is not None and not snap.result.complete and "<!DOCTYPE" in snap.result.code
    assert snap.result.model == "kimi-k2.5" and snap.code == snap.result.code
    assert job.engine_running  # left to notice the stop when the endpoint next sends
    fake_openai.release()
    _until(lambda: not job.engine_running)
    assert job.snapshot() == snap  # what the engine did afterwards changes nothing


def test_failure_is_reported_not_raised(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.api_key = "different-key-0000000000"
    job = ConversionJob(kimi_engine(fake_openai), request()).start()
    assert job.wait(10)
    snap = job.snapshot()
    assert isinstance(snap.error, AuthenticationError) and snap.result is None
    assert snap.status == str(snap.error) and snap.outcome is JobOutcome.FAILED


@pytest.fixture(scope="module")
def landing() -> ConversionRequest:
    return ConversionRequest(load_design(encode(landing_page(), "PNG"), "landing.png"), Target.HTML_CSS)


def test_an_offline_job_shows_its_stages_and_a_stop_inside_its_ocr_ends_it_as_stopped(
    landing: ConversionRequest,
) -> None:
    engine = HeldOfflineEngine()
    job = ConversionJob(engine, landing).start()
    assert engine.holding.wait(WAIT_S)  # inside "Reading the text", after its first line
    running = job.snapshot()
    assert [stage.name for stage in running.stages] == [name for name, _ in STAGES[:2]]
    finding, reading = running.stages
    assert finding.finished and finding.done == finding.total > 0 and finding.unit == "regions"
    assert not reading.finished and reading.done == 1 and reading.total > 1 and reading.unit == "lines"
    assert finding.seconds > 0 and running.code == "" and running.outcome is JobOutcome.RUNNING
    job.stop()
    assert job.wait(WAIT_S)
    _until(lambda: not job.engine_running)
    snap = job.snapshot()
    assert snap.outcome is JobOutcome.STOPPED and snap.error is None and snap.result is None
    assert snap.status.startswith("Stopped after") and snap.status.endswith("before any code was written.")
    assert [stage.name for stage in snap.stages] == [name for name, _ in STAGES[:2]]  # no stage after
    assert all(stage.finished for stage in snap.stages) and snap.stages[1].done < snap.stages[1].total


def test_an_offline_job_that_runs_to_the_end_times_every_stage(landing: ConversionRequest) -> None:
    job = ConversionJob(OfflineEngine(), landing).start()
    assert job.wait(WAIT_S * 4)
    snap = job.snapshot()
    assert snap.outcome is JobOutcome.COMPLETE and snap.result is not None and snap.code == snap.result.code
    assert [stage.name for stage in snap.stages] == [name for name, _ in STAGES]
    assert all(stage.finished and stage.seconds >= 0 for stage in snap.stages)
    assert sum(stage.seconds for stage in snap.stages) <= snap.elapsed_s
