"""Both days of issue 17 end to end in a real Chromium, with no API call: the compliance lead
creates an engagement, switches back to this year's, writes Section III and accepts the
assertion; the auditor accepts and returns requests, enters the open tests' results through the
grid, signs every workpaper as preparer; the reviewer signs them all; the report is drafted, sent
for review and issued, sealed, from the Report page.
"""
import re
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from pages import follow, follow_link, shot, sign_in, sign_out


def main_text(browser):
    return browser.find_element(By.TAG_NAME, "main").text


def now(browser, by, selector):
    """The matching elements as the page stands, without the implicit wait (which a search that
    finds nothing would otherwise sit out in full)."""
    browser.implicitly_wait(0)
    try:
        return browser.find_elements(by, selector)
    finally:
        browser.implicitly_wait(5)


def flash_error(browser):
    errors = now(browser, By.CSS_SELECTOR, ".flash.error")
    return errors[0].text if errors else ""


def engagement_in_view(browser):
    return browser.find_element(By.CSS_SELECTOR, ".engagement-switcher summary").text


def test_the_lead_and_the_auditor_finish_the_year_in_the_browser(server, browser):
    # The compliance lead: a new engagement from the page, then back to this year's by the header.
    sign_in(browser, server, "olivia@acme.example")
    browser.get(server + "/orgs/acme-cloud/programme")
    browser.find_element(By.CSS_SELECTOR, "#new-engagement summary").click()
    form = browser.find_element(By.CSS_SELECTOR, "#new-engagement form")
    name = form.find_element(By.NAME, "name")
    name.clear()
    name.send_keys("SOC 2 Type 1 Payments")
    form.find_element(By.NAME, "system_name").send_keys("Acme Payments")
    Select(form.find_element(By.NAME, "report_type")).select_by_value("type1")
    # A date input types in the browser's locale; set its ISO value as a date picker would.
    browser.execute_script("arguments[0].value = '2027-03-31'", form.find_element(By.NAME, "as_of"))
    follow(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert flash_error(browser) == ""
    assert "SOC 2 Type 1 Payments" in engagement_in_view(browser)
    shot(browser, "40-lead-new-engagement")

    browser.find_element(By.CSS_SELECTOR, ".engagement-switcher summary").click()
    follow(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "SOC 2 Type 2 FY2027"))
    assert "SOC 2 Type 2 FY2027" in engagement_in_view(browser)
    live = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)["engagement"][0]
    # The choice holds on the other pages, shown in the header, with no engagement in the URL.
    follow_link(browser, "Readiness")
    assert "SOC 2 Type 2 FY2027" in engagement_in_view(browser)
    shot(browser, "41-lead-switched")

    # Section III: management's own words, or its adoption of the drafted wording, for each DC.
    follow_link(browser, "Report")
    assert "SOC 2 Type 2 FY2027" in engagement_in_view(browser)
    assert browser.find_elements(By.ID, "description-missing"), "the unwritten sections are named"
    form = browser.find_element(By.ID, "description-form")
    form.find_element(By.NAME, "commitments").send_keys(
        "99.9% monthly availability of the web application and API.\nCustomer data is encrypted in transit and at rest.")
    for box in form.find_elements(By.CSS_SELECTOR, "input[name=adopted]"):
        if not box.is_selected():
            box.click()
    follow(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert flash_error(browser) == "" and not now(browser, By.ID, "description-missing")
    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/report/assertion']")
    form.find_element(By.NAME, "signatory").send_keys("Olivia Owner")
    form.find_element(By.NAME, "position").send_keys("Chief Executive Officer")
    follow(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "Accepted by" in main_text(browser)
    shot(browser, "42-lead-section-iii")
    sign_out(browser)

    # The auditor: accept one provided request and return another, on the request list.
    sign_in(browser, server, "alex@example-assurance.example")
    browser.get(f"{server}/orgs/acme-cloud/programme?engagement={live}")
    done = {}
    for action in ("accept", "return"):
        row = next(form for form in browser.find_elements(By.CSS_SELECTOR, "form.request-act")
                   if "accept" in [o.get_attribute("value") for o in form.find_elements(By.CSS_SELECTOR, "select[name=action] option")])
        number = re.search(r"/requests/([^/]+)/act", row.get_attribute("action")).group(1)
        Select(row.find_element(By.NAME, "action")).select_by_value(action)
        if action == "return":
            row.find_element(By.NAME, "text").send_keys("Please add the second half of the period.")
        follow(browser, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        assert flash_error(browser) == "", flash_error(browser)
        done[action] = number
    rows = {row.get_attribute("id"): row.text for row in browser.find_elements(By.CSS_SELECTOR, "tr[id^='IRL-']")}
    assert "accepted" in rows[done["accept"]] and "returned" in rows[done["return"]], rows
    shot(browser, "43-auditor-requests")

    # The open tests' results through the grid: every untouched cell set to pass, one save per test.
    fieldwork = f"{server}/orgs/acme-cloud/fieldwork?engagement={live}"
    browser.get(fieldwork)
    entered = 0
    shots_taken = False
    while True:
        # Which grid still has an untouched cell, asked of the page at once (not select by select).
        open_grid = browser.execute_script(
            "const grids = [...document.querySelectorAll('form.results-grid')];"
            "const open = grids.find(g => [...g.querySelectorAll(\"select[name^='r:']\")].some(s => s.value === ''));"
            "return open ? open.id : null;")
        if open_grid is None:
            break
        grid = browser.find_element(By.ID, open_grid)
        for cell in grid.find_elements(By.CSS_SELECTOR, "select[name^='r:']"):
            if cell.get_attribute("value") == "":
                Select(cell).select_by_value("pass")
                entered += 1
        if not shots_taken:
            browser.execute_script("arguments[0].scrollIntoView()", grid)
            shot(browser, "44-auditor-results-grid")
            shots_taken = True
        follow(browser, grid.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        assert flash_error(browser) == "", flash_error(browser)
    assert entered >= 40, f"only {entered} results were open"

    def sign_all(role):
        signed = 0
        while True:
            buttons = now(browser, By.XPATH, f"//main//button[normalize-space()='Sign as {role}']")
            if not buttons:
                return signed
            follow(browser, buttons[0])
            assert flash_error(browser) == "", flash_error(browser)
            signed += 1

    assert sign_all("preparer") >= 7
    sign_out(browser)

    sign_in(browser, server, "pat@example-assurance.example")
    browser.get(fieldwork)
    assert sign_all("reviewer") >= 8
    assert not now(browser, By.XPATH, "//main//button[normalize-space()='Sign as preparer']")
    shot(browser, "45-reviewer-signed")
    sign_out(browser)

    # The report: Alex drafts and sends it to management; Pat issues it once nothing blocks it.
    sign_in(browser, server, "alex@example-assurance.example")
    report = f"{server}/orgs/acme-cloud/report?engagement={live}"
    browser.get(report)
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/report/draft'] button[type=submit]"))
    assert flash_error(browser) == "", flash_error(browser)
    follow(browser, browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Send version')]"))
    assert flash_error(browser) == "", flash_error(browser)
    sign_out(browser)

    sign_in(browser, server, "pat@example-assurance.example")
    browser.get(report)
    follow(browser, browser.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Issue the final report')]"))
    assert flash_error(browser) == "", flash_error(browser)
    text = main_text(browser)
    assert "Final report" in text and "opinion" in text.lower(), text[:600]
    shot(browser, "46-report-issued")
    sign_out(browser)
