"""End-to-end test in a real browser: headless Chromium, driven through chromedriver by Selenium,
against a real `attest serve --demo` process. Saves a screenshot of each page it walks.

Run by scripts/test after `swift build`; ATTEST_BINARY names the executable and
ATTEST_SCREENSHOTS the folder for the pictures.
"""
import json
import os
import tempfile
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from pages import follow, follow_link, shot, sign_in, sign_out


def test_sign_in_and_walk_the_dashboard(server, browser):
    browser.get(server + "/login")
    assert "Sign in to Attest" in browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, "01-login")
    sign_in(browser, server, "olivia@acme.example")
    assert browser.current_url.endswith("/orgs/acme-cloud")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Acme Cloud"
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart")
    shot(browser, "02-dashboard")


def test_criteria_browser(server, browser):
    follow_link(browser, "Criteria")
    assert "Trust Services Criteria" in browser.find_element(By.TAG_NAME, "h1").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "details.criterion")) == 61
    shot(browser, "03-criteria")
    search = browser.find_element(By.NAME, "q")
    search.send_keys("vendor")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    ids = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "details.criterion .id")]
    assert "CC9.2" in ids and len(ids) < 61
    shot(browser, "04-criteria-search")


def test_tokens_page_creates_a_working_token(server, browser):
    follow_link(browser, "API tokens")
    browser.find_element(By.NAME, "name").send_keys("browser test")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    secret = browser.find_element(By.ID, "new-token").text
    assert secret.startswith("atk_")
    shot(browser, "05-tokens")
    request = urllib.request.Request(server + "/api/v1/criteria", headers={"Authorization": "Bearer " + secret})
    with urllib.request.urlopen(request) as response:
        assert len(json.load(response)["criteria"]) == 61


def test_members_and_event_log(server, browser):
    follow_link(browser, "Members")
    assert "erin@acme.example" in browser.page_source
    shot(browser, "06-members")
    follow_link(browser, "Event log")
    assert "hash chain is intact" in browser.page_source
    shot(browser, "07-events")


def test_evidence_locker(server, browser):
    browser.get(server + "/orgs/acme-cloud/evidence")
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert len(rows) >= 8
    assert browser.find_elements(By.CSS_SELECTOR, "tr.expired"), "the demo has stale evidence"
    shot(browser, "10-evidence")
    follow_link(browser, "Quarterly user access review")
    assert "inclusion proof verifies" in browser.page_source
    assert "reviewer_decision" in browser.find_element(By.CSS_SELECTOR, "pre.preview").text
    shot(browser, "11-evidence-item")
    # Upload through the real form (with its progress script) and land on the new item.
    browser.get(server + "/orgs/acme-cloud/evidence")
    path = os.path.join(tempfile.mkdtemp(), "firewall-rules.txt")
    with open(path, "w") as handle:
        handle.write("allow 443 from 0.0.0.0/0\ndeny all\n")
    browser.find_element(By.NAME, "title").send_keys("Firewall rules")
    browser.find_element(By.NAME, "criteria").send_keys("CC6.6")
    browser.find_element(By.NAME, "file").send_keys(path)
    follow(browser, browser.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]"))
    WebDriverWait(browser, 10).until(lambda d: "Firewall rules" in d.find_element(By.TAG_NAME, "h1").text)
    assert "allow 443" in browser.page_source
    shot(browser, "12-evidence-uploaded")
    # As of a date before the demo existed, there was nothing.
    browser.get(server + "/orgs/acme-cloud/evidence?as_of=2020-01-01")
    assert "No evidence matches." in browser.page_source


def test_phone_layout_and_keyboard(server, browser):
    browser.set_window_size(390, 844)
    browser.get(server + "/orgs/acme-cloud")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 400, f"page is {width}px wide on a phone"
    shot(browser, "08-phone-dashboard")
    browser.set_window_size(1280, 900)
    # The first Tab reaches the skip link.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Skip to content"


def test_sign_out_and_auditor_view(server, browser):
    sign_out(browser)
    sign_in(browser, server, "alex@example-assurance.example")
    browser.get(server + "/orgs/acme-cloud")
    assert "you are auditor" in browser.page_source
    shot(browser, "09-auditor")
