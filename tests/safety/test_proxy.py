"""The test proxy itself: it forwards faithfully (a login and an edit work through it) and injects exactly
the faults it is told to, counting them. The other safety tests and FAULTS.md rely on both."""

from __future__ import annotations

import http.client

import pytest
import requests

from devwiki import DevWiki, HumanClient
from tests.support.proxy import Fault, Seen, WikiProxy, at, every, matching

pytestmark = pytest.mark.wiki


@pytest.fixture
def plain_proxy(devwiki: DevWiki) -> WikiProxy:
    """A proxy whose faults are not counted in FAULTS.md (these tests check the proxy, not the bot)."""
    return WikiProxy(devwiki.url)


def test_a_login_and_an_edit_work_through_the_proxy(plain_proxy: WikiProxy, devwiki: DevWiki) -> None:
    with plain_proxy as proxy:
        editor = HumanClient(proxy.api_url, devwiki.human)
        editor.login()  # the session cookie comes back through the proxy and goes out through it again
        assert editor.userinfo()["name"] == "Editor"
        revid = editor.edit("Proxy test page", "through the proxy", "a test edit")
        direct = HumanClient(devwiki.api_url, devwiki.human)
        assert direct.page_text("Proxy test page") == "through the proxy"
        assert direct.latest_revision("Proxy test page")["revid"] == revid
        saves = proxy.saves("Proxy test page")
        assert len(saves) == 1 and "Cookie" in saves[0].headers and saves[0].params["text"] == "through the proxy"
        assert proxy.injected == {}


def test_faults_are_injected_as_planned_and_counted(plain_proxy: WikiProxy) -> None:
    params = {"action": "query", "meta": "siteinfo", "format": "json"}
    with plain_proxy as proxy:
        proxy.faults = every(2, [Fault.http(502), Fault.http(503)])
        statuses = [requests.get(proxy.api_url, params=params, timeout=10).status_code for _ in range(4)]
        assert statuses == [200, 502, 200, 503]

        proxy.faults = at([1], Fault.drop())
        with pytest.raises(requests.ConnectionError):
            requests.get(proxy.api_url, params=params, timeout=10)

        proxy.faults = matching(lambda seen: seen.action == "query", Fault.maxlag(lag=3, retry_after=1), times=1)
        reply = requests.get(proxy.api_url, params=params, timeout=10)
        assert reply.json()["error"]["code"] == "maxlag" and reply.json()["error"]["lag"] == 3
        assert (reply.headers["Retry-After"], reply.headers["MediaWiki-API-Error"]) == ("1", "maxlag")
        assert requests.get(proxy.api_url, params=params, timeout=10).json()["query"]["general"]

        assert proxy.injected == {"HTTP 502": 1, "HTTP 503": 1, "dropped connection": 1, "maxlag": 1}


def test_a_lost_answer_reaches_the_wiki_but_not_the_client(plain_proxy: WikiProxy, devwiki: DevWiki) -> None:
    editor = HumanClient(devwiki.api_url, devwiki.human)
    editor.login()
    token = editor.csrf_token()
    seen_status: list[int] = []
    with plain_proxy as proxy:
        proxy.after(lambda seen, status: seen_status.append(status))
        proxy.faults = matching(lambda seen: seen.is_save, Fault.lost_answer())
        body = {"action": "edit", "title": "Lost answer test", "text": "saved", "token": token, "format": "json"}
        with pytest.raises(requests.ConnectionError):
            editor.session.post(proxy.api_url, data=body, timeout=10)
        proxy.wait_idle()
    assert seen_status[-1] == 200
    assert editor.page_text("Lost answer test") == "saved"


def test_a_hook_runs_before_forwarding_and_its_errors_fail_the_test(plain_proxy: WikiProxy) -> None:
    order: list[str] = []

    def hook(seen: Seen) -> None:
        order.append(f"before {seen.number}")
        raise RuntimeError("a broken hook")

    plain_proxy.start()
    plain_proxy.before(hook)
    plain_proxy.after(lambda seen, status: order.append(f"after {seen.number} {status}"))
    connection = http.client.HTTPConnection("127.0.0.1", plain_proxy.port, timeout=10)
    connection.request("GET", "/api.php?action=query&meta=siteinfo&format=json")
    assert connection.getresponse().status == 200
    connection.close()
    with pytest.raises(RuntimeError, match="a broken hook"):
        plain_proxy.stop()
    assert order == ["before 1", "after 1 200"]
