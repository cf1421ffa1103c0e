"""The service worker keeps every file /v needs, so the page starts with no network at all.

The verifier is split into ES modules (v.js and tr1.js import the rest); sw.js lists them by
hand. This test follows the imports from the page's own tags and checks the worker's cache
against them, and against what the browser actually loaded, so a module added later without a
line in sw.js fails here instead of on a phone that is offline.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.e2e.conftest import STATIC, StaticSite

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Static and dynamic imports of sibling modules: `import … from './x.js'`, `export … from
# './x.js'`, `import './x.js'`, `import('./x.js')`.
IMPORTS = re.compile(
    r"^\s*(?:import|export)\b[^;]*?\bfrom\s*'\./([^']+)'"
    r"|^\s*import\s*'\./([^']+)'"
    r"|\bimport\(\s*'\./([^']+)'\s*\)",
    re.MULTILINE,
)
PAGE_ASSETS = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)="(/static/[^"]+)\"""")
CACHE_NAME = re.compile(r"^const CACHE = '([^']+)';$", re.MULTILINE)

READ_CACHE = """async (name) =>
  (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname).sort()"""
LOADED = """() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name))
  .filter((u) => u.origin === location.origin && u.pathname.startsWith('/static/'))
  .map((u) => u.pathname)"""


def module_closure(entry: str) -> set[str]:
    """Every file under schema/static that `entry` imports, directly or not, with `entry`."""
    seen: set[str] = set()
    todo = [entry]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = (STATIC / name).read_text(encoding="utf-8")
        for groups in IMPORTS.findall(source):
            todo.extend(g for g in groups if g)
    return seen


def verifier_files() -> set[str]:
    """The paths /v needs: the page, the assets its tags name and every module they import."""
    paths = {"/v"}
    for asset in PAGE_ASSETS.findall((STATIC / "v.html").read_text(encoding="utf-8")):
        paths.add(asset)
        if asset.endswith(".js") and not asset.startswith("/static/vendor/"):
            modules = module_closure(asset.removeprefix("/static/"))
            paths.update(f"/static/{name}" for name in modules)
    return paths


def test_every_module_of_the_verifier_is_in_the_offline_cache(page: Page, site: StaticSite) -> None:
    needed = verifier_files()
    # The split itself is seen: the entry modules import the rest.
    assert {"/static/v.js", "/static/tr1.js", "/static/tr1-verify.js"} <= needed
    match = CACHE_NAME.search((STATIC / "sw.js").read_text(encoding="utf-8"))
    assert match is not None, "sw.js no longer names its cache as const CACHE = '…';"
    page.goto(site.base_url + "/v")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cached = set(page.evaluate(READ_CACHE, match.group(1)))
    assert needed - cached == set()
    # Whatever the browser really fetched for the page (an import the pattern above missed,
    # say) must be there too.
    loaded = set(page.evaluate(LOADED))
    assert "/static/tr1-cbor.js" in loaded
    assert loaded - cached == set()
