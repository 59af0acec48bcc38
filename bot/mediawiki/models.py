"""The content models a wiki can store, as its API says (`action=paraminfo` of `edit`: the values its
`contentmodel` parameter takes). A data wiki needs JsonConfig's `Tabular.JsonConfig` (and a `Chart.JsonConfig`
model for the charts); a wiki without them would refuse every data page at its first save."""

from __future__ import annotations

from typing import Any

from bot.mediawiki import reading
from bot.mediawiki.session import Session


def content_models(session: Session) -> frozenset[str]:
    """Every content model `action=edit` accepts on this wiki. One request."""
    params: dict[str, Any] = {"action": "paraminfo", "modules": "edit", "formatversion": 2}
    data = reading.query(session, params, "the content models the wiki stores")
    modules = data.get("paraminfo", {}).get("modules", [])
    for parameter in modules[0].get("parameters", []) if modules else []:
        if parameter.get("name") == "contentmodel" and isinstance(parameter.get("type"), list):
            return frozenset(str(model) for model in parameter["type"])
    return frozenset()
