"""The HTML report in a real browser: Debian's Chromium driven by Debian's chromedriver.

The report of the drafts in ``tests/data/report_posts`` is opened from disk
(file://, no server, no network). The test checks what an editor would do with
it: the charts show bars, clicking a header sorts, choosing a rule, level or
status hides rows; and that nothing goes wrong quietly: no console errors and no
alert from the ``<script>alert(1)</script>`` one draft contains. It saves a
screenshot (its path is printed; run with ``-s`` to see it).

Skipped only when no Chromium is installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from postlint.cli_report import report

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
POSTS = Path(__file__).parent / "data" / "report_posts"

if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip(
        f"no Chromium: {CHROMIUM} and {CHROMEDRIVER} are needed "
        "(apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1400",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """A browser showing the report; yields the driver and the folder it was written to."""
    folder = tmp_path_factory.mktemp("report")
    html = folder / "report.html"
    args = [str(POSTS), "--html", str(html), "--ignore", "Postlint.Grammar", "-j", "1"]
    result = CliRunner().invoke(report, args)
    assert result.exit_code == 0, result.output
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={folder / 'profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Leave an alert open instead of dismissing it, so the test can see it.
    options.unhandled_prompt_behavior = "ignore"
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get(html.as_uri())
        yield driver, folder
    finally:
        driver.quit()


def post_rows(driver) -> list:
    return driver.find_elements(By.CSS_SELECTOR, "#posts tbody tr")


def visible_names(driver) -> list[str]:
    return [
        row.find_element(By.CSS_SELECTOR, "td a").text.rsplit("/", 1)[-1]
        for row in post_rows(driver)
        if row.is_displayed()
    ]


def column(driver, index: int) -> list[str]:
    return [
        row.find_elements(By.TAG_NAME, "td")[index].text
        for row in post_rows(driver)
        if row.is_displayed()
    ]


def header(driver, name: str):
    return driver.find_element(By.XPATH, f"//table[@id='posts']//th[normalize-space()='{name}']")


def choose(driver, select_id: str, value: str) -> None:
    Select(driver.find_element(By.ID, select_id)).select_by_value(value)


def test_no_alert_and_the_script_text_shows_as_text(page):
    driver, _ = page
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>alert(1)</script>" in body
    assert "<img src=x onerror=alert(2)>" in body
    assert driver.find_elements(By.CSS_SELECTOR, "body img") == []


def test_every_chart_renders_bars_with_a_size(page):
    driver, _ = page
    for chart_id in ("chart-grade", "chart-readtime", "chart-rules"):
        sizes = driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0] + ' svg rect.bar'))"
            ".map(r => { const b = r.getBoundingClientRect(); return [b.width, b.height]; });",
            f"#{chart_id}",
        )
        assert sizes, chart_id
        assert any(w > 0 and h > 0 for w, h in sizes), (chart_id, sizes)
    labels = driver.find_elements(By.CSS_SELECTOR, "#chart-rules svg text.label")
    assert "Postlint.Passive" in [label.text for label in labels]


def test_clicking_a_header_sorts_rows_and_again_reverses(page):
    driver, _ = page
    assert visible_names(driver) == [
        "chip-plant-rewrite.md",
        "markup-in-text.md",
        "release-checklist.md",
        "rugged-tablets.md",
    ]
    header(driver, "Words").find_element(By.TAG_NAME, "button").click()
    words = [int(w) for w in column(driver, 2)]
    assert words == sorted(words)
    assert header(driver, "Words").get_attribute("aria-sort") == "ascending"
    assert visible_names(driver)[0] == "release-checklist.md"
    header(driver, "Words").find_element(By.TAG_NAME, "button").click()
    words = [int(w) for w in column(driver, 2)]
    assert words == sorted(words, reverse=True)
    assert header(driver, "Words").get_attribute("aria-sort") == "descending"
    header(driver, "Post").find_element(By.TAG_NAME, "button").click()
    assert visible_names(driver)[0] == "chip-plant-rewrite.md"


def test_filters_by_rule_level_and_status_hide_rows(page):
    driver, _ = page
    counter = driver.find_element(By.ID, "shown-count")
    choose(driver, "filter-rule", "Postlint.Promotion")
    assert visible_names(driver) == ["rugged-tablets.md"]
    assert counter.text == "1 of 4 posts"
    details = driver.find_element(By.ID, "post-4")
    assert details.get_attribute("hidden") is None
    assert driver.find_element(By.ID, "post-1").get_attribute("hidden") == "true"
    choose(driver, "filter-rule", "")
    choose(driver, "filter-level", "error")
    assert visible_names(driver) == ["chip-plant-rewrite.md", "rugged-tablets.md"]
    choose(driver, "filter-level", "")
    choose(driver, "filter-status", "clean")
    assert visible_names(driver) == ["release-checklist.md"]
    choose(driver, "filter-status", "")
    assert counter.text == "4 of 4 posts"


def test_a_post_link_opens_its_findings(page):
    driver, _ = page
    details = driver.find_element(By.ID, "post-3")
    assert details.get_attribute("open") is None  # no findings: starts closed
    driver.find_element(By.LINK_TEXT, "tests/data/report_posts/release-checklist.md").click()
    assert details.get_attribute("open") == "true"
    assert driver.execute_script("return window.location.hash") == "#post-3"
    driver.execute_script("window.scrollTo(0, 0)")


def test_no_console_errors_and_a_screenshot(page):
    driver, folder = page
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    shot = folder / "report.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
