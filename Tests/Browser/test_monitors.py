"""Monitors in a real browser, on the demo's connected AWS account: three watched controls, a
muted finding shown as muted, a coverage calendar with the collector's outage as a gap, muting a
failing finding through the form, one run's verdicts, and the auditor's read-only view.
"""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from pages import follow, follow_link, shot, sign_in, sign_out


def health(browser, control):
    return browser.find_element(By.CSS_SELECTOR, f"section[id='{control}'] h2 span.health").text


def test_monitors_show_health_mutes_and_the_calendar(server, browser):
    sign_in(browser, server, "olivia@acme.example")
    follow_link(browser, "Monitors")
    assert health(browser, "DAT-01") == "Failing"
    assert health(browser, "ACC-01") == "At risk", "a muted finding is never shown as passed"
    assert health(browser, "OPS-02") == "Healthy"
    acc = browser.find_element(By.ID, "ACC-01").text
    assert "ci-release" in acc
    mutes = browser.find_element(By.ID, "mutes").text
    assert "SEC-212" in mutes and "olivia@acme.example" in mutes
    # The calendar: a square per day, the three-day outage drawn as gaps, and said in words.
    calendar = browser.find_element(By.CSS_SELECTOR, "section[id='OPS-02'] svg.calendar")
    assert len(calendar.find_elements(By.CSS_SELECTOR, "rect.day.gap:not(.key)")) >= 3
    assert len(calendar.find_elements(By.CSS_SELECTOR, "rect.day.error:not(.key)")) == 3
    assert "Not watched:" in browser.find_element(By.ID, "OPS-02").text
    coverage = browser.find_element(By.ID, "coverage").text
    assert "CC6.1" in coverage and "manual" in coverage
    shot(browser, "monitors")

    # Mute the unencrypted bucket: the control goes from failing to at risk, never to healthy.
    section = browser.find_element(By.ID, "DAT-01")
    section.find_element(By.TAG_NAME, "summary").click()
    form = section.find_element(By.CSS_SELECTOR, "form[action$='/monitors/mutes']")
    Select(form.find_element(By.NAME, "finding")).select_by_visible_text(
        "s3_bucket_default_encryption: arn:aws:s3:::acme-exports-tmp")
    form.find_element(By.NAME, "owner").send_keys("olivia@acme.example")
    form.find_element(By.NAME, "reason").send_keys("Temporary export bucket, deleted on Friday.")
    follow(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert health(browser, "DAT-01") == "At risk"

    # ACC-01's only failing finding is muted already: nothing is offered to mute.
    section = browser.find_element(By.ID, "ACC-01")
    assert not section.find_elements(By.CSS_SELECTOR, "form[action$='/monitors/mutes']"), "nothing open to mute"

    # One run's verdicts, with its findings as evidence.
    runs = browser.find_element(By.ID, "runs")
    follow(browser, runs.find_element(By.CSS_SELECTOR, "tbody tr a"))
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "demo data" in page and "s3_bucket_default_encryption" in page
    assert browser.find_elements(By.LINK_TEXT, "Findings")
    shot(browser, "collector-run")
    sign_out(browser)


def test_the_auditor_sees_monitors_but_cannot_mute(server, browser):
    sign_in(browser, server, "alex@example-assurance.example")
    browser.get(server + "/orgs/acme-cloud/monitors")
    assert health(browser, "OPS-02") == "Healthy"
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action$='/monitors/mutes']")
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action$='/monitors/link']")
    sign_out(browser)


def test_the_connections_page_shows_the_paused_demo_account_without_its_secret(server, browser):
    sign_in(browser, server, "olivia@acme.example")
    follow_link(browser, "Connections")
    table = browser.find_element(By.ID, "connections").text
    assert "Acme production" in table and "paused" in table
    assert "access key AKIA…0001" in table
    assert "demo-secret" not in browser.page_source, "a sealed secret never reaches a page"
    # A bad key is refused with the reason, and nothing is added.
    form = browser.find_element(By.CSS_SELECTOR, "#connect form")
    form.find_element(By.NAME, "name").send_keys("Staging")
    form.find_element(By.NAME, "access_key_id").send_keys("not-a-key")
    form.find_element(By.NAME, "secret_access_key").send_keys("x")
    follow(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "access key id" in browser.find_element(By.CSS_SELECTOR, ".flash.error").text
    assert "Staging" not in browser.find_element(By.ID, "connections").text
    shot(browser, "connections")
    sign_out(browser)
