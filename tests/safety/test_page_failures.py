"""A page the wiki will not take is reported with a plain reason, and never stops the other pages.

Each run publishes two pages: first the page that fails, then a healthy one, which must still be saved.
The run exits 1 (ExitStatus.PAGE_FAILURES) and its --json report says, for the failed page, `action`
"failed", a stable `reason` and a `message` in words. The refusals come from the real extensions
(SpamBlacklist, TitleBlacklist, AbuseFilter, ConfirmEdit) of a second wiki started for this module, from
an administrator (protection, deletion) or a human (creation) acting while the bot's save is under way,
and from the proxy (a replicated wiki's maxlag answer).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ExitStatus
from devwiki import DevWiki, HumanClient, RunningWiki, add_abuse_filter
from tests.safety.conftest import FaultRecorder
from tests.support.history import history, users
from tests.support.proxy import Fault, Seen, WikiProxy, matching
from tests.support.workspace import (
    METRICS_TEMPLATE,
    ROOT,
    PageSpec,
    Workspace,
    allow_bot_to_run,
    make_workspace,
    unique,
)

pytestmark = pytest.mark.wiki

SPAM_DOMAIN = "spam.example.org"
BLACKLISTED = "Blacklisted by the wiki"
FILTERED = "Filtered by the wiki"
EXTENSIONS = ("SpamBlacklist", "TitleBlacklist", "AbuseFilter", "ConfirmEdit")
# A captcha for every edit in the Help namespace only (so that the other tests here are not asked for one),
# and no right to skip it for the bot (bots have it by default, as on Wikimedia wikis).
CAPTCHA_SETTINGS = """
$wgCaptchaTriggers['edit'] = false;
$wgCaptchaTriggers['create'] = false;
$wgCaptchaTriggers['addurl'] = false;
$wgCaptchaTriggersOnNamespace[NS_HELP] = [ 'edit' => true, 'create' => true ];
$wgGroupPermissions['bot']['skipcaptcha'] = false;
"""
ABUSE_FILTER = f'user_name == "MtpBot" & page_title contains "{FILTERED}"'


@pytest.fixture(scope="module")
def extwiki(devwiki: DevWiki) -> Iterator[DevWiki]:
    """A second local wiki with the anti-abuse extensions, configured against the pages of these tests.

    (It asks for the session's wiki only to skip, or fail under CI, as that one does without MediaWiki.)
    """
    with RunningWiki(extensions=EXTENSIONS, settings=CAPTCHA_SETTINGS) as wiki:
        admin = HumanClient(wiki.api_url, wiki.admin)
        admin.login()
        admin.edit("MediaWiki:Spam-blacklist", SPAM_DOMAIN.replace(".", r"\.") + "\n", "block a domain")
        admin.edit("MediaWiki:Titleblacklist", f".*{BLACKLISTED}.*\n", "block some titles")
        add_abuse_filter(wiki, ABUSE_FILTER, "No bot edits to the filtered pages")
        allow_bot_to_run(wiki)
        yield wiki


@pytest.fixture(scope="module")
def module_proxy(extwiki: DevWiki) -> Iterator[WikiProxy]:
    with WikiProxy(extwiki.url) as proxy:
        yield proxy


@pytest.fixture
def proxy(module_proxy: WikiProxy, faults: FaultRecorder) -> Iterator[WikiProxy]:
    """The module's proxy (one login for the module), reset after each test; its faults counted."""
    before = module_proxy.injected
    try:
        yield module_proxy
    finally:
        module_proxy.clear()
        for fault, count in (module_proxy.injected - before).items():
            faults.add(fault, count)
        module_proxy.raise_hook_errors()


@pytest.fixture
def ext_admin(extwiki: DevWiki) -> HumanClient:
    return HumanClient.logged_in(extwiki.api_url, extwiki.admin)


@pytest.fixture
def ext_human(extwiki: DevWiki) -> HumanClient:
    return HumanClient.logged_in(extwiki.api_url, extwiki.human)


def _workspace(
    tmp_path: Path, wiki: DevWiki, proxy: WikiProxy, target: str, template: str = METRICS_TEMPLATE
) -> Workspace:
    """Two pages: `target` (the one that fails), then the status template page (which must be saved)."""
    status = unique("MTP status Failures")
    pages = (PageSpec(target, template), PageSpec.status(f"Template:{status}"))
    return make_workspace(tmp_path, wiki, proxy.api_url, pages, label="Failures", templates=_templates(tmp_path))


def _assert_reported(report: dict[str, Any], title: str, action: str, reason: str, *words: str) -> None:
    """`title` failed for `reason`, said in words; every other page was published."""
    pages = {page["title"]: page for page in report["pages"]}
    page = pages.pop(title)
    assert (page["action"], page["reason"]) == (action, reason), page
    assert title in page["message"]
    for word in words:
        assert word in page["message"], page["message"]
    assert report["exit_code"] == ExitStatus.PAGE_FAILURES
    assert pages and all(p["action"] in ("created", "edited") for p in pages.values()), pages


LINKED_TEMPLATE = "linked-metrics.wiki.j2"


def _templates(folder: Path) -> Path:
    """The shipped templates, plus LINKED_TEMPLATE: the metrics page with an external link (to the
    blacklisted domain) in its intro."""
    templates = folder / "templates"
    shutil.copytree(ROOT / "templates", templates)
    intro = "The tables are published by a bot"
    text = (templates / METRICS_TEMPLATE).read_text(encoding="utf-8")
    assert text.count(intro) == 1
    link = f"Figures from [https://{SPAM_DOMAIN}/mtp the MTP dashboard]. "
    (templates / LINKED_TEMPLATE).write_text(text.replace(intro, link + intro), encoding="utf-8")
    return templates


def _published_then_changed(workspace: Workspace) -> str:
    """The target page published alone; then one figure changed in the source. Returns the target title."""
    target = workspace.titles[0]
    code, report = workspace.sync_json("--page", target)
    assert code == ExitStatus.OK, report
    workspace.set_monthly_active_editors(84000)
    return target


# ---- refused by the wiki's extensions and settings ------------------------------------------------------


def test_a_protected_page(
    tmp_path: Path,
    extwiki: DevWiki,
    proxy: WikiProxy,
    ext_human: HumanClient,
    ext_admin: HumanClient,
    faults: FaultRecorder,
) -> None:
    workspace = _workspace(tmp_path, extwiki, proxy, unique("Failures/Protected"))
    target = _published_then_changed(workspace)
    ext_admin.protect(target, reason="only administrators may edit")
    before = history(ext_human, target)
    faults.add("protected page")

    code, report = workspace.sync_json()

    assert code == ExitStatus.PAGE_FAILURES
    _assert_reported(report, target, "failed", "protected", "is protected", "'protectedpage'")
    assert history(ext_human, target) == before


def test_a_link_on_the_spam_blacklist(
    tmp_path: Path, extwiki: DevWiki, proxy: WikiProxy, ext_human: HumanClient, faults: FaultRecorder
) -> None:
    target = unique("Failures/Spam")
    workspace = _workspace(tmp_path, extwiki, proxy, target, LINKED_TEMPLATE)
    faults.add("spam blacklist")

    code, report = workspace.sync_json()

    assert code == ExitStatus.PAGE_FAILURES
    _assert_reported(report, target, "failed", "spam-blacklist", "spam blacklist", f"Blocked: {SPAM_DOMAIN}")
    assert ext_human.page_text(target) is None


def test_a_title_on_the_title_blacklist(
    tmp_path: Path, extwiki: DevWiki, proxy: WikiProxy, ext_human: HumanClient, faults: FaultRecorder
) -> None:
    target = unique(f"Failures/{BLACKLISTED}")
    workspace = _workspace(tmp_path, extwiki, proxy, target)
    faults.add("title blacklist")

    code, report = workspace.sync_json()

    assert code == ExitStatus.PAGE_FAILURES
    _assert_reported(report, target, "failed", "title-blacklist", "title blacklist", "'titleblacklist-forbidden'")
    assert ext_human.page_text(target) is None


def test_an_abuse_filter(
    tmp_path: Path, extwiki: DevWiki, proxy: WikiProxy, ext_human: HumanClient, faults: FaultRecorder
) -> None:
    target = unique(f"Failures/{FILTERED}")
    workspace = _workspace(tmp_path, extwiki, proxy, target)
    faults.add("abuse filter")

    code, report = workspace.sync_json()

    assert code == ExitStatus.PAGE_FAILURES
    _assert_reported(report, target, "failed", "abuse-filter", "abuse filter", "No bot edits to the filtered pages")
    assert ext_human.page_text(target) is None


def test_a_captcha(
    tmp_path: Path, extwiki: DevWiki, proxy: WikiProxy, ext_human: HumanClient, faults: FaultRecorder
) -> None:
    target = unique("Help:Failures/Captcha")
    workspace = _workspace(tmp_path, extwiki, proxy, target)
    faults.add("captcha")

    code, report = workspace.sync_json()

    assert code == ExitStatus.PAGE_FAILURES
    _assert_reported(report, target, "failed", "captcha", "CAPTCHA", "cannot solve it")
    assert ext_human.page_text(target) is None


def test_every_refusal_in_one_run(
    tmp_path: Path, extwiki: DevWiki, proxy: WikiProxy, ext_human: HumanClient, faults: FaultRecorder
) -> None:
    """Four pages refused, one after the other; the page after them is still published."""
    status = unique("MTP status Failures")
    spam = unique("Failures/Spam")
    expected = {
        spam: "spam-blacklist",
        unique(f"Failures/{BLACKLISTED}"): "title-blacklist",
        unique(f"Failures/{FILTERED}"): "abuse-filter",
        unique("Help:Failures/Captcha"): "captcha",
    }
    pages = [
        *(PageSpec(title, LINKED_TEMPLATE if title == spam else METRICS_TEMPLATE) for title in expected),
        PageSpec.status(f"Template:{status}"),
    ]
    templates = _templates(tmp_path)
    workspace = make_workspace(tmp_path, extwiki, proxy.api_url, pages, label="Failures", templates=templates)
    for reason in expected.values():
        faults.add(reason.replace("-", " "))

    code, report = workspace.sync_json()

    assert code == ExitStatus.PAGE_FAILURES
    reasons = {page["title"]: page["reason"] for page in report["pages"] if page["action"] == "failed"}
    assert reasons == expected
    assert report["pages"][-1]["action"] == "created"
    assert all(ext_human.page_text(title) is None for title in expected)


# ---- refused because of what happened while the bot was saving ------------------------------------------


def test_a_page_deleted_while_the_bot_saves_is_not_recreated(
    tmp_path: Path,
    extwiki: DevWiki,
    proxy: WikiProxy,
    ext_admin: HumanClient,
    ext_human: HumanClient,
    faults: FaultRecorder,
) -> None:
    workspace = _workspace(tmp_path, extwiki, proxy, unique("Failures/Deleted"))
    target = _published_then_changed(workspace)
    deleted: list[str] = []

    def delete(seen: Seen) -> None:
        if seen.saves(target) and not deleted:
            ext_admin.post(action="delete", title=target, reason="out of scope", token=ext_admin.csrf_token())
            deleted.append(target)

    proxy.before(delete)

    code, report = workspace.sync_json()
    faults.add("page deleted between read and save", len(deleted))

    assert deleted and code == ExitStatus.PAGE_FAILURES
    _assert_reported(report, target, "failed", "page-deleted-meanwhile", "was deleted after the bot read it")
    assert ext_human.page_text(target) is None  # not created again over the deletion


def test_a_page_created_while_the_bot_saves_is_not_overwritten(
    tmp_path: Path, extwiki: DevWiki, proxy: WikiProxy, ext_human: HumanClient, faults: FaultRecorder
) -> None:
    workspace = _workspace(tmp_path, extwiki, proxy, unique("Failures/Created"))
    target = workspace.titles[0]
    human_text = "A human was first."

    def create(seen: Seen) -> None:
        if seen.saves(target) and ext_human.page_text(target) is None:
            ext_human.edit(target, human_text, "a human creates it")

    proxy.before(create)

    code, report = workspace.sync_json()
    faults.add("page created by a human between read and save")
    faults.human_edit()

    assert code == ExitStatus.PAGE_FAILURES
    _assert_reported(report, target, "failed", "page-created-meanwhile", "someone has created it since")
    assert ext_human.page_text(target) == human_text
    assert users(history(ext_human, target)) == ["Editor"]


def test_maxlag_that_does_not_go_away(
    tmp_path: Path,
    extwiki: DevWiki,
    proxy: WikiProxy,
    ext_human: HumanClient,
    faults: FaultRecorder,
) -> None:
    workspace = _workspace(tmp_path, extwiki, proxy, unique("Failures/Maxlag"))
    workspace.configure(max_retries=1, retry_wait=1)
    target = _published_then_changed(workspace)
    before = history(ext_human, target)
    injected = proxy.injected
    proxy.faults = matching(lambda seen: seen.saves(target), Fault.maxlag(lag=1, retry_after=1))

    code, report = workspace.sync_json()

    assert code == ExitStatus.PAGE_FAILURES
    _assert_reported(report, target, "failed", "maxlag", "database lag", "'maxlag'")
    assert (proxy.injected - injected)["maxlag"] == 2  # pywikibot waited (Retry-After) and asked once more
    assert history(ext_human, target) == before
