"""The finished product in a real browser and real tools: last year's signed Type 2 report, its SOC 3,
the bridge letter, the public verification page, the PDF through Chromium, and the OSCAL documents
loaded by compliance-trestle (NIST's OSCAL models).
"""
import json
import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import BINARY
from pages import fetch, follow, follow_link, shot, sign_in, sign_out, token_for


@pytest.fixture(scope="module")
def api(demo):
    token = token_for(demo["data"], "olivia@acme.example")

    def get(path):
        return fetch(demo["base"], token, path)
    engagements = json.loads(get("/api/v1/orgs/acme-cloud/engagements"))["engagements"]
    last_year = next(e["id"] for e in engagements if "FY2026" in e["name"])
    return {"get": get, "base": f"/api/v1/orgs/acme-cloud/engagements/{last_year}"}


def test_the_final_report_page(server, browser):
    sign_in(browser, server, "olivia@acme.example")
    follow_link(browser, "Report")
    follow_link(browser, "SOC 2 Type 2 FY2026")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Final report, version 2" in text and "Unmodified opinion" in text
    assert "1 exception disclosed" in text and "Valid until" in text
    assert "Bridge letters" in text and "signed by Olivia Owner" in text
    shot(browser, "30-report")


def test_the_signed_report_verifies_in_the_browser_and_a_changed_one_does_not(server, browser, api, tmp_path):
    report = api["get"](api["base"] + "/report?format=html")
    assert b"attest-seal" in report and b"One quarterly access review was completed late." in report
    good = tmp_path / "report.html"
    good.write_bytes(report)
    bad = tmp_path / "report-changed.html"
    bad.write_bytes(report.replace(b"completed late", b"completed early", 1))
    sign_out(browser)
    for path, verdict in [(good, "Genuine."), (bad, "Not genuine.")]:
        browser.get(server + "/verify")
        browser.find_element(By.NAME, "file").send_keys(str(path))
        follow(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        text = browser.find_element(By.ID, "verdict").text
        assert text.startswith(verdict), text
        if verdict == "Genuine.":
            assert "Example Assurance LLP" in text
            shot(browser, "31-verify")


def test_the_cli_verifies_and_exits_by_verdict(demo, api, tmp_path):
    report = tmp_path / "report.html"
    report.write_bytes(api["get"](api["base"] + "/report?format=html"))
    genuine = subprocess.run([BINARY, "report", "verify", str(report), "--data-dir", demo["data"]], capture_output=True, text=True)
    assert genuine.returncode == 0 and "GENUINE" in genuine.stdout, genuine.stdout + genuine.stderr
    data = bytearray(report.read_bytes())
    data[len(data) // 2] ^= 1
    report.write_bytes(bytes(data))
    altered = subprocess.run([BINARY, "report", "verify", str(report), "--data-dir", demo["data"]], capture_output=True, text=True)
    assert altered.returncode == 1 and "altered" in altered.stdout


def test_soc3_bridge_letter_and_pdf(api):
    soc3 = api["get"](api["base"] + "/soc3?format=html")
    assert b"SOC 3" in soc3 and b"Section IV" not in soc3
    letters = json.loads(api["get"](api["base"] + "/bridge-letters"))["letters"]
    assert letters and letters[0]["signatory"] == "Olivia Owner"
    letter = api["get"](api["base"] + f"/bridge-letters/{letters[0]['id']}?format=html")
    assert b"Bridge letter" in letter and b"attest-seal" in letter
    pdf = api["get"](api["base"] + "/report?format=pdf")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 20_000


def test_oscal_documents_load_in_compliance_trestle(api, tmp_path):
    from trestle.oscal.assessment_results import AssessmentResults
    from trestle.oscal.catalog import Catalog
    from trestle.oscal.component import ComponentDefinition
    for model, cls in [("catalog", Catalog), ("component-definition", ComponentDefinition), ("assessment-results", AssessmentResults)]:
        path = tmp_path / f"{model}.json"
        path.write_bytes(api["get"](api["base"] + f"/report?format=oscal&model={model}"))
        loaded = cls.oscal_read(path)
        assert loaded is not None and loaded.metadata.title
    results = AssessmentResults.oscal_read(tmp_path / "assessment-results.json")
    findings = results.results[0].findings
    assert len(findings) >= 33, "one finding per criterion in scope"
    catalog = Catalog.oscal_read(tmp_path / "catalog.json")
    assert sum(len(group.controls) for group in catalog.groups) == 61


def test_the_auditor_drafts_this_years_report(server, browser):
    sign_in(browser, server, "alex@example-assurance.example")
    browser.get(server + "/orgs/acme-cloud/report")
    assert "SOC 2 Type 2 FY2027" in browser.find_element(By.TAG_NAME, "h1").text
    assert "not fully tested" in browser.find_element(By.CSS_SELECTOR, "ul.problems").text
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/report/draft'] button"))
    assert "Draft written." in browser.page_source and "v1" in browser.page_source
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/report/final'] button"))
    assert "cannot be issued yet" in browser.find_element(By.CSS_SELECTOR, ".flash.error").text
    shot(browser, "32-report-draft")
    sign_out(browser)


def test_report_render_from_the_command_line(demo, tmp_path):
    def render(*args, env=None):
        return subprocess.run([BINARY, "report", "render", "--org", "acme-cloud", "--data-dir", demo["data"], *args],
                              capture_output=True, text=True, env=env)
    engagements = subprocess.run([BINARY, "engagement", "list", "--org", "acme-cloud", "--data-dir", demo["data"], "--json"],
                                 capture_output=True, text=True)
    last_year = next(e["id"] for e in json.loads(engagements.stdout) if "FY2026" in e["name"])
    out = tmp_path / "section-iv.xlsx"
    made = render("--engagement", last_year, "--format", "xlsx", "--output", str(out))
    assert made.returncode == 0, made.stderr
    import openpyxl
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "control" and len(rows) > 50
    # No Chromium on PATH: the error names the package to install, and nothing is written.
    pdf = tmp_path / "report.pdf"
    missing = render("--engagement", last_year, "--format", "pdf", "--output", str(pdf), env={"PATH": "/nonexistent", "HOME": str(tmp_path)})
    assert missing.returncode != 0 and "apt-get install chromium" in missing.stderr and not pdf.exists()
    bad = render("--engagement", last_year, "--format", "docx", "--output", str(tmp_path / "x"))
    assert bad.returncode != 0 and "not html, pdf, xlsx or oscal" in bad.stderr
    none = render("--engagement", last_year, "--version", "99", "--format", "html", "--output", str(tmp_path / "y.html"))
    assert none.returncode != 0 and "Report version 99" in none.stderr


def test_the_firm_edits_its_wording(server, browser):
    sign_in(browser, server, "pat@example-assurance.example")
    browser.get(server + "/orgs/example-assurance/report-templates")
    form = browser.find_element(By.ID, "template-section1.limitations")
    area = form.find_element(By.NAME, "text")
    area.clear()
    area.send_keys("Controls at {{service_organisation}} have limits.")
    follow(browser, form.find_element(By.CSS_SELECTOR, "button[value=save]"))
    error = browser.find_element(By.CSS_SELECTOR, ".flash.error").text
    assert "unknown variable" in error and "service_organisation" in error and "line 1" in error
    form = browser.find_element(By.ID, "template-section1.limitations")
    area = form.find_element(By.NAME, "text")
    area.clear()
    area.send_keys("Controls at {{service_organization}} have limits, as all controls do.")
    follow(browser, form.find_element(By.CSS_SELECTOR, "button[value=save]"))
    assert "section1.limitations saved." in browser.page_source and "(your wording)" in browser.page_source
    shot(browser, "33-report-wording")
    follow(browser, browser.find_element(By.ID, "template-section1.limitations").find_element(By.CSS_SELECTOR, "button[value=reset]"))
    assert "back to Attest's wording" in browser.page_source
    sign_out(browser)
