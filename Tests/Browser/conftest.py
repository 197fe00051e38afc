"""Shared fixtures: a real `attest serve --demo` and a headless Chromium."""
import contextlib
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


@contextlib.contextmanager
def running_demo(prefix, environment=None, arguments=(), wait=240):
    """A real `attest serve --demo` on a free port with its own data directory: yields its base URL,
    data directory and log path, then stops it with SIGTERM and records its exit code as "exit"."""
    port = free_port()
    data = tempfile.mkdtemp(prefix=prefix)
    log_path = os.path.join(data, "server.log")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [BINARY, "serve", "--demo", "--port", str(port), "--data-dir", data, *arguments],
        stdout=log, stderr=subprocess.STDOUT, env=environment)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + wait
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("attest serve did not start: " + open(log_path).read()[-2000:])
    running = {"base": base, "data": data, "log": log_path}
    yield running
    process.terminate()
    running["exit"] = process.wait(timeout=20)


@pytest.fixture(scope="module")
def demo():
    with running_demo("attest-browser-") as running:
        yield {"base": running["base"], "data": running["data"]}
    assert running["exit"] == 0, "attest serve did not stop cleanly on SIGTERM"


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


