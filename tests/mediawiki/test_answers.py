"""What a server answered, in words (status, content type, first bytes), whether waiting may fix it, and the
pause a Retry-After asks for — bounded by the longest wait. Pure code: no wiki."""

from __future__ import annotations

import json
from email.utils import formatdate

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.mediawiki import answers
from bot.mediawiki.retries import RetriesFailed, Retrying


class Response:
    """As much of a requests.Response as the messages read."""

    def __init__(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
        self.status_code = status
        self.reason = "Odd"
        self.headers = {"Content-Type": content_type, **{k.replace("_", "-"): v for k, v in headers.items()}}
        self.content = body


@pytest.mark.parametrize(
    ("status", "transient"), [(200, False), (404, False), (403, False), (429, True), (500, True), (503, True)]
)
def test_429_and_5xx_are_transient(status: int, transient: bool) -> None:
    assert answers.transient_status(status) is transient


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    assert answers.retry_after({"Retry-After": "2"}) == 2
    assert answers.retry_after({"Retry-After": " 1.5 "}) == 1.5
    assert answers.retry_after({"Retry-After": "-3"}) == 0
    assert answers.retry_after({}) is None
    assert answers.retry_after({"Retry-After": "soon"}) is None
    assert answers.retry_after({"Retry-After": formatdate(1_000_030, usegmt=True)}, now=1_000_000) == 30
    assert answers.retry_after({"Retry-After": formatdate(999_000, usegmt=True)}, now=1_000_000) == 0


def test_a_status_answer_says_its_status_retry_after_content_type_and_first_bytes() -> None:
    limited = Response(429, "text/html; charset=utf-8", b"<html>\n  <body>Slow down</body></html>", Retry_After="3")
    assert answers.status_answer(limited) == (
        'HTTP 429 (Too Many Requests, Retry-After: 3 s): text/html "<html> <body>Slow down</body></html>"'
    )
    assert answers.status_answer(Response(599, "", b"")) == "HTTP 599 (Odd): no content type (empty)"


def test_an_answer_that_is_not_json_says_what_it_was() -> None:
    page = Response(404, "text/html", b"<h1>Not Found</h1>")
    assert answers.not_json(page) == 'a page that is not JSON (HTTP 404, text/html): "<h1>Not Found</h1>"'
    cut = Response(200, "application/json; charset=utf-8", b'{"query":{"pa')
    assert answers.not_json(cut) == (
        'a JSON answer cut short or malformed (HTTP 200, application/json, 13 bytes): "{\\"query\\":{\\"pa"'
    )


@given(st.binary(max_size=2000))
def test_first_bytes_are_one_short_quoted_line(body: bytes) -> None:
    shown = answers.first_bytes(body)
    assert "\n" not in shown and "\r" not in shown
    if shown != "(empty)":
        text = json.loads(shown)
        assert len(text) <= answers.FIRST_CHARACTERS + 1
        assert text == " ".join(text.split())


def test_a_pause_is_at_least_the_retry_after_asked_for_once() -> None:
    retrying = Retrying("http://wiki/api.php", budget=None)
    retrying.retry_after = 7
    assert retrying.pause_for(1, longest=120) == 7
    assert retrying.pause_for(1, longest=120) == 1  # asked for the answer it came with only
    assert retrying.pause_for(500, longest=120) == 120  # the backoff stops at the longest wait


def test_a_retry_after_longer_than_the_longest_wait_is_not_waited_for() -> None:
    retrying = Retrying("http://wiki/api.php", budget=None, last="HTTP 429 (Too Many Requests)")
    retrying.retry_after = 3600
    with pytest.raises(
        RetriesFailed, match=r"asks to wait 3600 s \(Retry-After\), longer than the longest wait of 120"
    ):
        retrying.pause_for(1, longest=120)


def test_a_note_never_shows_the_password() -> None:
    retrying = Retrying("http://wiki/api.php", budget=None, scrub=lambda text: text.replace("s3cret", "***"))
    assert retrying.note('HTTP 500: text/html "echo s3cret"') == 'HTTP 500: text/html "echo ***"'
    assert "s3cret" not in retrying.last
