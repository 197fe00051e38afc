"""Shared fixtures: a real `attest serve --demo` and a headless Chromium."""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

BINARY = os.environ.get("ATTEST_BINARY", ".build/debug/attest")
SHOTS = os.environ.get("ATTEST_SCREENSHOTS", ".build/screenshots")
PASSWORD = "correct-horse-demo-2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo():
    port = free_port()
    data = tempfile.mkdtemp(prefix="attest-browser-")
    log = open(os.path.join(data, "server.log"), "w")
    process = subprocess.Popen(
        [BINARY, "serve", "--demo", "--port", str(port), "--data-dir", data],
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("attest serve did not start: " + open(os.path.join(data, "server.log")).read()[-2000:])
    yield {"base": base, "data": data}
    process.terminate()
    assert process.wait(timeout=20) == 0, "attest serve did not stop cleanly on SIGTERM"


@pytest.fixture(scope="module")
def server(demo):
    return demo["base"]


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.implicitly_wait(5)
    os.makedirs(SHOTS, exist_ok=True)
    yield driver
    driver.quit()


