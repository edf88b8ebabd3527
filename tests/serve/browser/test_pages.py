"""Click through the web UI in headless Chromium on the seed corpus, saving screenshots.

search → article → dossier → timeline for Ivashentsov, the Kim Jong-un dossier and timeline,
the co-occurrence graph and a story; then a hostile article that must not run any script.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.serve.browser.conftest import LiveServer
from tests.serve.hostile import ARTICLE_ID, SCRIPT, TITLE
from tests.serve.seed import SeedBuild


def _by():  # selenium is imported lazily: the fixture skips (or fails in CI) when it is absent
    from selenium.webdriver.common.by import By

    return By


def _wait(driver: Any, css: str) -> Any:
    """The first element matching ``css`` once the page shows it (after a click or redirect)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    located = expected_conditions.presence_of_element_located((_by().CSS_SELECTOR, css))
    return WebDriverWait(driver, 20).until(located)


def _shot(driver: Any, folder: Path, name: str) -> Path:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(int(height) + 40, 800), 4000))
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1000)
    return path


def _csp_violations(driver: Any) -> list[str]:
    try:
        logs = driver.get_log("browser")
    except Exception:  # not every driver build exposes the log
        return []
    return [entry["message"] for entry in logs if "Content Security Policy" in entry["message"]]


def test_search_article_dossier_timeline(
    browser: Any, seed_server: LiveServer, seed_build: SeedBuild, screenshot_dir: Path
) -> None:
    seed_build.require_linked()
    By = _by()
    browser.get(seed_server.url + "/")
    assert browser.title.startswith("dateline")
    _shot(browser, screenshot_dir, "01-home")

    box = browser.find_element(By.CSS_SELECTOR, "form.quick-search input[name=q]")
    box.send_keys("Ivashentsov")
    box.submit()
    _wait(browser, "li.hit")
    hits = browser.find_elements(By.CSS_SELECTOR, "li.hit")
    assert hits, "search found nothing"
    marks = [m.text.lower() for m in browser.find_elements(By.CSS_SELECTOR, "p.snippet mark")]
    assert any("ivash" in m for m in marks), marks
    _shot(browser, screenshot_dir, "02-search-ivashentsov")

    hits[0].find_element(By.CSS_SELECTOR, "a.hit-title").click()
    body = _wait(browser, "#article-body")
    assert body.find_elements(By.CSS_SELECTOR, "a.mention")
    assert body.find_elements(By.CSS_SELECTOR, ".quote")
    assert body.find_elements(By.CSS_SELECTOR, ".timex")
    _shot(browser, screenshot_dir, "03-article")

    links = [
        a
        for a in body.find_elements(By.CSS_SELECTOR, "a.mention")
        if "ivash" in (a.get_attribute("title") or "").lower()
    ]
    assert links, "no linked mention of Ivashentsov in the article"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", links[0])
    links[0].click()
    assert "ivash" in _wait(browser, "h1.entity-name").text.lower()
    quotes = browser.find_elements(By.CSS_SELECTOR, "#quotes blockquote.quote")
    assert len(quotes) >= 3, "Ivashentsov's quotes are missing from his dossier"
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline svg.timeline-chart")
    _shot(browser, screenshot_dir, "04-dossier-ivashentsov")

    browser.find_element(By.ID, "timeline-link").click()
    _wait(browser, "table.timeline-table")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline-chart a.tl-item")
    assert browser.find_elements(By.CSS_SELECTOR, "tr.tl-row")
    _shot(browser, screenshot_dir, "05-timeline-ivashentsov")
    assert _csp_violations(browser) == []


def test_kim_jong_un_dossier_and_timeline(
    browser: Any, seed_server: LiveServer, seed_build: SeedBuild, screenshot_dir: Path
) -> None:
    seed_build.require_linked()
    By = _by()
    browser.get(seed_server.url + "/")
    box = browser.find_element(By.CSS_SELECTOR, "form[action='/entity'] input[name=name]")
    box.send_keys("Kim Jong-un")
    box.submit()
    assert "Kim Jong" in _wait(browser, "h1.entity-name").text
    _shot(browser, screenshot_dir, "06-dossier-kim-jong-un")
    browser.find_element(By.ID, "timeline-link").click()
    _wait(browser, "table.timeline-table")
    events = browser.find_elements(By.CSS_SELECTOR, "svg.timeline-chart a.tl-event")
    assert len(events) >= 2, "Kim Jong-un's timeline shows fewer than two events"
    cells = browser.find_elements(By.CSS_SELECTOR, "tr.tl-row td.mono")
    # the seeds' dates are inferred: what rests on them only is shown "around" a date
    years = {row.text.removeprefix("around ")[:4] for row in cells}
    assert {"2014", "2019"} <= years or {"2015", "2019"} <= years, years
    assert any(row.text.startswith("around ") for row in cells)
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline-chart a.tl-approximate")
    _shot(browser, screenshot_dir, "07-timeline-kim-jong-un")
    assert _csp_violations(browser) == []


def test_graph_and_story(
    browser: Any, seed_server: LiveServer, seed_build: SeedBuild, screenshot_dir: Path
) -> None:
    seed_build.require_linked()
    By = _by()
    browser.get(seed_server.url + "/graph")
    nodes = browser.find_elements(By.CSS_SELECTOR, "svg.graph-chart a.graph-node")
    assert len(nodes) >= 10
    assert browser.find_elements(By.CSS_SELECTOR, "svg.graph-chart line")
    _shot(browser, screenshot_dir, "08-graph")
    browser.get(seed_server.url + "/stories")
    stories = browser.find_elements(By.CSS_SELECTOR, "table.data a")
    if stories:
        stories[0].click()
        _wait(browser, "section .chart-box")
        _shot(browser, screenshot_dir, "09-story")
    assert _csp_violations(browser) == []


def test_hostile_article_runs_no_script(
    browser: Any, hostile_server: LiveServer, screenshot_dir: Path
) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    By = _by()
    for path in (f"/articles/{ARTICLE_ID}", "/search?q=mallory", "/entities", "/graph"):
        browser.get(hostile_server.url + path)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018 - reading it raises when there is none
        assert browser.execute_script("return document.scripts.length") == 0
        assert browser.execute_script("return document.images.length") == 0
        assert (
            browser.execute_script("return document.querySelectorAll('[onerror],[onload]').length")
            == 0
        )
    browser.get(hostile_server.url + f"/articles/{ARTICLE_ID}")
    assert browser.find_element(By.CSS_SELECTOR, "h1.article-title").text == TITLE
    assert SCRIPT in browser.find_element(By.ID, "article-body").text
    _shot(browser, screenshot_dir, "10-hostile-article")
