"""People and access in a real browser, on the demo: the reconciliation names exactly the two
leavers who still hold GitHub accounts and the one removed from AWS late, the systems and roster
are listed, a leaver's timeline is drawn against the deadline, and an ordinary member is refused.
"""
from selenium.webdriver.common.by import By

from pages import follow, follow_link, shot, sign_in, sign_out


def rows(browser, table):
    return [row.text for row in browser.find_elements(By.CSS_SELECTOR, f"table#{table} tbody tr")]


def test_the_reconciliation_names_the_leavers_and_draws_their_timeline(server, browser):
    sign_in(browser, server, "olivia@acme.example")
    follow_link(browser, "People")
    exceptions = rows(browser, "exceptions")
    assert len(exceptions) == 3, exceptions
    assert "Leaver with access" in exceptions[0] and "dana@acme.example" in exceptions[0] and "still active" in exceptions[0]
    assert "eli@acme.example" in exceptions[1]
    assert "Removed late" in exceptions[2] and "aws-production" in exceptions[2]
    assert any("Privileged" in row for row in rows(browser, "review"))
    systems = browser.find_element(By.ID, "systems").text
    assert "okta" in systems and "github" in systems and "aws-production" in systems
    roster = browser.find_element(By.ID, "roster").text
    assert "Security inbox" in roster and "shared inbox" in roster
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart title").get_attribute("textContent") == "Findings by kind"
    shot(browser, "people")

    # Fran's timeline: Okta and GitHub within the deadline, AWS past it, drawn and tabled.
    follow(browser, browser.find_element(By.CSS_SELECTOR, "table#exceptions a[href$='/people/fran@acme.example']"))
    chart = browser.find_element(By.CSS_SELECTOR, "main svg.chart")
    assert len(chart.find_elements(By.CSS_SELECTOR, "rect.bar.poor")) == 1
    assert len(chart.find_elements(By.CSS_SELECTOR, "rect.bar.good")) == 2
    accounts = rows(browser, "accounts")
    assert len(accounts) == 3 and any("aws-production" in row for row in accounts)
    late = browser.find_elements(By.CSS_SELECTOR, "table#accounts tr.attention")
    assert len(late) == 1 and "aws-production" in late[0].text
    shot(browser, "person-access")
    sign_out(browser)


def test_an_ordinary_member_cannot_read_the_roster(server, browser):
    sign_in(browser, server, "erin@acme.example")
    browser.get(server + "/orgs/acme-cloud/people")
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "roster and access findings are HR data" in text, text
    browser.get(server + "/orgs/acme-cloud")
    sign_out(browser)
