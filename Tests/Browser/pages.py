"""Helpers shared by the browser tests: screenshots, signing in and out, and following a link or
form to the next page without racing the navigation.

Clicking a link or a submit button returns before the browser has replaced the document, so
reading the page straight after a click can see the old page, or an element that is being torn
down ("stale element", "node does not belong to the document"). `follow` marks the current
document, clicks, and waits until a document without the mark has finished loading.
"""
import os
import subprocess
import urllib.request

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from conftest import BINARY, PASSWORD, SHOTS


def shot(driver, name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def _loaded_fresh(driver):
    try:
        return driver.execute_script(
            "return window.__attestOld !== true && document.readyState === 'complete'")
    except WebDriverException:
        return False  # mid-navigation: ask again


def follow(driver, element, timeout=15):
    """Click `element` and return once the page it leads to has loaded."""
    driver.execute_script("window.__attestOld = true")
    element.click()
    WebDriverWait(driver, timeout).until(_loaded_fresh)


def follow_link(driver, text):
    follow(driver, driver.find_element(By.LINK_TEXT, text))


def sign_in(driver, base, email):
    driver.get(base + "/login")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    # Signing in checks a bcrypt hash (about a quarter of a second) before the redirect.
    follow(driver, driver.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    WebDriverWait(driver, 15).until(lambda d: not d.current_url.endswith("/login"))


def sign_out(driver):
    follow(driver, driver.find_element(By.CSS_SELECTOR, ".account button"))
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/login"))


def token_for(data_dir, email):
    """An API token for a demo user, made with the CLI as an operator would."""
    return subprocess.run([BINARY, "token", "create", "--email", email, "--data-dir", data_dir],
                          check=True, capture_output=True, text=True).stdout.strip()


def fetch(base, token, path):
    """GET with a bearer token; the body's bytes (raises on an error status)."""
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        return response.read()
