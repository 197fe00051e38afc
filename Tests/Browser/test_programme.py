"""The compliance programme in a real browser, and the request list in a real spreadsheet library.

Runs against its own `attest serve --demo`: Acme Cloud's Type 2 engagement, adopted controls,
published policies and a readiness history.
"""
import datetime
import io
import json
import os
import subprocess
import urllib.error
import urllib.request

import openpyxl
import pytest
from selenium.webdriver.common.by import By

from pages import follow, follow_link, shot, sign_in, sign_out, token_for


@pytest.fixture(scope="module")
def token(demo):
    return token_for(demo["data"], "olivia@acme.example")


def call(demo, token, method, path, body=None, content_type=None):
    headers = {"Authorization": "Bearer " + token}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(demo["base"] + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_engagement_timeline_and_request_list(server, browser):
    sign_in(browser, server, "olivia@acme.example")
    follow_link(browser, "Engagement")
    assert browser.find_element(By.TAG_NAME, "h1").text == "SOC 2 Type 2 FY2027"
    assert browser.find_element(By.CSS_SELECTOR, "svg.timeline")
    text = browser.page_source
    assert "AWS identities" in text and "Office access: Manchester" in text
    assert "Privacy notice" not in text
    assert "Indicative estimate only" in text
    shot(browser, "20-engagement")


def test_readiness_dashboard_and_remediation(server, browser):
    follow_link(browser, "Readiness")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Readiness: ")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.trend circle")) >= 7
    row = browser.find_element(By.ID, "gap-CC6.4")
    row.find_element(By.NAME, "owner").send_keys("adam@acme.example")
    browser.execute_script("arguments[0].value = '2027-01-15'", row.find_element(By.NAME, "due_date"))
    row.find_element(By.NAME, "plan").send_keys("Quarterly badge reviews for both offices.")
    follow(browser, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    row = browser.find_element(By.ID, "gap-CC6.4")
    assert row.find_element(By.NAME, "owner").get_attribute("value") == "adam@acme.example"
    shot(browser, "21-readiness")


def test_controls_and_policy_documents(server, browser):
    follow_link(browser, "Controls")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.list tbody tr")) >= 100
    follow_link(browser, "ACC-04")
    assert "Quarterly user access reviews" in browser.find_element(By.TAG_NAME, "h1").text
    assert "Suggested tests" in browser.page_source
    follow_link(browser, "Policies")
    follow_link(browser, "Access Control Policy")
    assert "Version 2" in browser.page_source
    follow_link(browser, "Changes from v1")
    assert browser.find_elements(By.CSS_SELECTOR, "pre.diff ins")
    shot(browser, "22-policy-diff")


def test_an_employee_acknowledges_a_policy(server, browser):
    sign_out(browser)
    sign_in(browser, server, "sam@acme.example")
    browser.get(server + "/orgs/acme-cloud/my-policies")
    buttons = "form[action$='/acknowledge'] button"
    before = len(browser.find_elements(By.CSS_SELECTOR, buttons))
    assert before >= 10
    follow(browser, browser.find_elements(By.CSS_SELECTOR, buttons)[0])
    assert len(browser.find_elements(By.CSS_SELECTOR, buttons)) == before - 1
    assert "Acknowledged <time" in browser.page_source
    shot(browser, "23-my-policies")
    sign_out(browser)


def test_request_list_opens_in_openpyxl_and_imports_back(demo, token):
    status, listing = call(demo, token, "GET", "/api/v1/orgs/acme-cloud/engagements")
    engagement = json.loads(listing)["engagements"][0]["id"]
    path = f"/api/v1/orgs/acme-cloud/engagements/{engagement}/requests"
    status, body = call(demo, token, "GET", path + "?format=xlsx")
    assert status == 200
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("number", "area", "title", "provide", "kind", "criteria", "due_date", "owner", "status")
    count = json.loads(call(demo, token, "GET", path)[1])["count"]
    assert len(rows) == count + 1
    # As a lead expects to edit it: header frozen and filterable, sized columns, real dates,
    # and drop-downs offering exactly the values the import takes.
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:I{count + 1}"
    assert sheet.column_dimensions["D"].width >= 50 and sheet.column_dimensions["A"].width <= 12
    dated = [row[6] for row in rows[1:] if row[6] is not None]
    assert dated and all(isinstance(value, datetime.datetime) for value in dated), dated[:3]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists.get("E2:E1001") == '"document,population,per_sample,configuration"', lists
    assert lists.get("I2:I1001") == '"open,provided,accepted,returned"', lists
    # Edit as a person would, save with openpyxl (shared strings, its own styles), import back.
    # A client cannot accept its own request by editing the sheet: the row is named, nothing lands.
    line = next(i for i, row in enumerate(rows) if row[8] == "open") + 1
    original_status = sheet[f"I{line}"].value
    sheet[f"H{line}"] = "vera@acme.example"
    sheet[f"I{line}"] = "accepted"
    saved = io.BytesIO()
    book.save(saved)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    status, result = call(demo, token, "POST", path + "/import", saved.getvalue(), xlsx)
    assert status == 409 and f"row {line}".encode() in result and b"auditor" in result, result
    assert json.loads(call(demo, token, "GET", path)[1])["requests"][line - 2]["owner"] != "vera@acme.example"
    sheet[f"I{line}"] = original_status
    saved = io.BytesIO()
    book.save(saved)
    status, result = call(demo, token, "POST", path + "/import", saved.getvalue(), xlsx)
    assert status == 200, result
    assert json.loads(result)["result"]["updated"] == 1
    edited = json.loads(call(demo, token, "GET", path)[1])["requests"][line - 2]
    assert edited["owner"] == "vera@acme.example" and edited["status"] == original_status


def test_request_list_opens_in_libreoffice(demo, token, tmp_path):
    soffice = next((p for p in ("/usr/bin/soffice", "/usr/bin/libreoffice") if os.path.exists(p)), None)
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    engagement = json.loads(call(demo, token, "GET", "/api/v1/orgs/acme-cloud/engagements")[1])["engagements"][0]["id"]
    path = f"/api/v1/orgs/acme-cloud/engagements/{engagement}/requests"
    (tmp_path / "list.xlsx").write_bytes(call(demo, token, "GET", path + "?format=xlsx")[1])
    # LibreOffice opens our file and saves it as its own XLSX; Attest must read that back unchanged.
    subprocess.run([soffice, "--headless", "-env:UserInstallation=file://" + str(tmp_path / "profile"), "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(tmp_path / "list.xlsx")],
                   check=True, capture_output=True, timeout=180)
    converted = (tmp_path / "out" / "list.xlsx").read_bytes()
    status, result = call(demo, token, "POST", path + "/import", converted,
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert status == 200, result
    assert json.loads(result)["result"]["updated"] == 0


def test_a_published_policy_prints_to_pdf(demo, token):
    status, body = call(demo, token, "GET", "/orgs/acme-cloud/policies/access-control/document?format=pdf")
    assert status == 200
    assert body.startswith(b"%PDF-") and len(body) > 5000
    status, html = call(demo, token, "GET", "/orgs/acme-cloud/policies/access-control/document?format=html")
    assert b"approved by olivia@acme.example" in html and b"version 2" in html


def test_the_auditor_reads_the_test_matrix(server, browser):
    sign_in(browser, server, "alex@example-assurance.example")
    browser.get(server + "/orgs/acme-cloud/fieldwork")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Fieldwork: ")
    assert browser.find_elements(By.CSS_SELECTOR, "table.matrix td.fail")
    assert "met with exceptions" in browser.page_source
    assert "Management's response" in browser.page_source
    shot(browser, "24-fieldwork")


def open_card(browser, summary):
    browser.find_element(By.XPATH, f"//details/summary[text()='{summary}']").click()
    return browser.find_element(By.XPATH, f"//details[summary[text()='{summary}']]")


def test_the_auditor_pulls_a_population_walks_through_and_extends(server, browser, tmp_path):
    browser.get(server + "/orgs/acme-cloud/fieldwork")
    card = open_card(browser, "Upload a population you pulled yourself")
    bad = tmp_path / "leavers-bad.csv"
    bad.write_text("employee_id,left_on\nE1\nE2,2026-03-09\n")
    card.find_element(By.NAME, "file").send_keys(str(bad))
    for name, value in [("name", "Leavers"), ("source_system", "BambooHR"), ("extraction_query", "All leavers in the period"),
                        ("completeness_procedure", "Agreed the count to the HR report.")]:
        card.find_element(By.NAME, name).send_keys(value)
    follow(browser, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "line 2: 1 field" in browser.find_element(By.CSS_SELECTOR, ".flash.error").text

    card = open_card(browser, "Upload a population you pulled yourself")
    good = tmp_path / "leavers.csv"
    good.write_text("employee_id,left_on\nE1,2026-02-01\nE2,2026-03-09\n")
    card.find_element(By.NAME, "file").send_keys(str(good))
    for name, value in [("name", "Leavers"), ("source_system", "BambooHR"), ("extraction_query", "All leavers in the period"),
                        ("completeness_procedure", "Agreed the count to the HR report.")]:
        card.find_element(By.NAME, name).send_keys(value)
    follow(browser, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "Population uploaded and frozen." in browser.page_source and "Leavers v1" in browser.page_source

    card = open_card(browser, "Record a walkthrough")
    browser.execute_script("arguments[0].value = '2026-10-02'", card.find_element(By.NAME, "date"))
    card.find_element(By.NAME, "participants").send_keys("Adam (engineering lead), Alex (auditor)")
    card.find_element(By.NAME, "notes").send_keys("Followed one change from ticket to deploy.")
    card.find_element(By.NAME, "reason").send_keys("Approval is enforced by branch protection.")
    follow(browser, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "Walkthrough recorded." in browser.page_source

    card = open_card(browser, "Extend a sample")
    card.find_element(By.NAME, "count").send_keys("5")
    card.find_element(By.NAME, "reason").send_keys("One deviation in the first draw.")
    follow(browser, card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "Sample extended." in browser.page_source and "(extended)" in browser.page_source
    shot(browser, "25-fieldwork-forms")
    sign_out(browser)
