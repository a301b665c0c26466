"""A real phone browser (Debian's chromium through chromium-driver and Selenium) at 390×844:
it joins by the QR code's URL, rates all 55 capabilities, loses the network half-way (DevTools'
network emulation) and comes back; the file then holds exactly the 55 answers and the consent.
In stages 1–2 it writes notes under the board's question, offline for a while too; the file then
holds each note once, hidden, and nothing of the phone.

Loopback only. Skipped where chromium or chromium-driver is not installed (`.ci/run` installs both).
"""

import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.store import board as board_store
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")

PHONE = {"width": 390, "height": 844, "pixelRatio": 3}
WAIT = 20


def serving(path, *options):
    """``digitalmotor serve`` on loopback; yields the URL of its QR code."""
    process = subprocess.Popen([sys.executable, "-m", "digitalmotor_desktop", "serve", str(path),
                                "--host", "127.0.0.1", "--port", "0", *options],
                               stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = process.stdout.readline().split()[-1]
    yield url
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=20)


@pytest.fixture
def server(fyrbodal_file):
    with open_document(fyrbodal_file) as document:
        for name in ("Vänersborg", "Uddevalla"):
            ops.add_organisation(document, name).redo(document)
    yield from serving(fyrbodal_file)


@pytest.fixture
def notes_server(fyrbodal_file):
    yield from serving(fyrbodal_file, "--notes", "1")


@pytest.fixture
def phone(tmp_path):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    yield driver
    driver.quit()


def wait(driver, condition):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(f"return {condition};"))


def offline(driver, yes):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": yes, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def small_targets(driver):
    """Visible buttons and choices smaller than 44×44 CSS pixels, and whether the page scrolls sideways."""
    return driver.execute_script("""
        const small = [...document.querySelectorAll('button, .choice, select, input:not([type=radio])')]
          .filter(e => e.offsetParent !== null)
          .map(e => e.getBoundingClientRect()).filter(r => r.width < 44 || r.height < 44).length;
        return [small, document.documentElement.scrollWidth > window.innerWidth];""")


def test_a_phone_rates_all_55_through_a_dropped_connection(server, phone, fyrbodal_file, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    with open_document(fyrbodal_file, read_only=True) as document:
        capabilities = ops.capture_order(document)
    assert len(capabilities) == 55
    phone.get(server)
    wait(phone, "!document.getElementById('screen-who').hidden")
    assert phone.execute_script("return [window.innerWidth, window.innerHeight]") == [390, 844]
    assert "#j=" not in phone.current_url  # the join token left the address bar
    assert phone.find_element(By.ID, "start").text == "Börja bedöma"  # Swedish first
    assert small_targets(phone) == [0, False]
    Select(phone.find_element(By.ID, "organisation")).select_by_visible_text("Uddevalla")
    phone.find_element(By.CSS_SELECTOR, "input[name=consent][value=facilitator]").find_element(By.XPATH, "..").click()
    phone.find_element(By.ID, "role").send_keys("IT-chef")
    phone.find_element(By.ID, "start").click()

    levels = {}
    for number, capability in enumerate(capabilities):
        wait(phone, f"document.getElementById('capability-name').textContent === {json.dumps(capability.name)}")
        assert phone.find_element(By.ID, "progress").text == f"{number} / 55"
        if number == 3:
            assert small_targets(phone) == [0, False]
            phone.save_screenshot(str(tmp_path / "phone-rating.png"))
        if number == 27:
            offline(phone, True)
        level = "dont_know" if number % 11 == 10 else str(number % 5)
        levels[capability.id] = None if level == "dont_know" else int(level)
        if number % 7 == 0:
            phone.find_element(By.CSS_SELECTOR, "#importance-buttons button:nth-child(4)").click()
            wait(phone, "document.querySelector('#importance-buttons button:nth-child(4)')"
                        ".getAttribute('aria-pressed') === 'true'")
        phone.find_element(By.CSS_SELECTOR, f"input[name=level][value='{level}']").find_element(By.XPATH, "..").click()
        if number == 40:
            wait(phone, "document.getElementById('status').textContent.includes('väntar')")
            assert len(phone.execute_script("return JSON.parse(localStorage.getItem('dm.queue'))")) >= 13
            phone.save_screenshot(str(tmp_path / "phone-offline.png"))
            offline(phone, False)

    wait(phone, "!document.getElementById('screen-summary').hidden")
    assert phone.find_elements(By.CSS_SELECTOR, "#summary-list li").__len__() == 55
    phone.find_element(By.ID, "finish").click()
    wait(phone, "localStorage.getItem('dm.queue') === '[]'")
    wait(phone, "document.getElementById('thanks').textContent.includes('sparade')")

    with open_document(fyrbodal_file, read_only=True) as document:
        (respondent,) = store.respondents(document)
        assert respondent.consent == "facilitator" and respondent.label == "IT-chef"
        ratings = store.ratings_of(document, [respondent.id])
        assert len(ratings) == 55 and all(r.rated for r in ratings.values())
        assert {c: r.maturity for (_, c), r in ratings.items()} == levels
        assert {c for (_, c), r in ratings.items() if r.importance == 4} == {
            c.id for n, c in enumerate(capabilities) if n % 7 == 0}


def test_the_page_stays_usable_with_large_text_and_in_english(server, phone):
    from selenium.webdriver.common.by import By

    phone.get(server)
    wait(phone, "!document.getElementById('screen-who').hidden")
    phone.find_element(By.ID, "language").click()
    assert phone.find_element(By.ID, "start").text == "Start rating"
    phone.execute_script("document.documentElement.style.fontSize = '200%'")  # the phone's text size turned up
    assert small_targets(phone) == [0, False]
    labels = phone.execute_script(
        "return [...document.querySelectorAll('#screen-who input, #screen-who select')]"
        ".map(e => e.labels && e.labels.length > 0)")
    assert all(labels)  # every field is labelled for screen readers


def test_a_phone_writes_notes_under_the_question_through_a_dropped_connection(notes_server, phone, fyrbodal_file,
                                                                              tmp_path):
    from selenium.webdriver.common.by import By

    with open_document(fyrbodal_file, read_only=True) as document:
        question = board_store.prompts(document, 1)[0]
    phone.get(notes_server)
    wait(phone, "!document.getElementById('screen-notes').hidden")
    assert phone.execute_script("return [window.innerWidth, window.innerHeight]") == [390, 844]
    assert phone.find_element(By.ID, "question").text == question.text
    assert phone.find_element(By.ID, "send-note").text == "Skicka"
    assert small_targets(phone) == [0, False]
    field = phone.find_element(By.ID, "note")
    assert phone.execute_script("return arguments[0].labels.length", field) == 1  # labelled for screen readers
    written = ["Alla e-tjänster är tillgängliga dygnet runt", "Digital skolgång för alla", "Öppna data som standard",
               "Gemensam IT-drift i Fyrbodal"]
    for number, note in enumerate(written):
        if number == 2:
            offline(phone, True)
        field.send_keys(note)
        phone.find_element(By.ID, "send-note").click()
        wait(phone, f"document.querySelectorAll('#sent-list li').length === {number + 1}")
    wait(phone, "document.getElementById('status').textContent.includes('väntar')")
    assert len(phone.find_elements(By.CSS_SELECTOR, "#sent-list .waiting")) == 2
    phone.save_screenshot(str(tmp_path / "phone-notes-offline.png"))
    offline(phone, False)
    phone.execute_script("window.dispatchEvent(new Event('online'))")
    wait(phone, "localStorage.getItem('dm.notes') === '[]'")
    assert [li.text for li in phone.find_elements(By.CSS_SELECTOR, "#sent-list li")] == written
    assert small_targets(phone) == [0, False]
    phone.save_screenshot(str(tmp_path / "phone-notes.png"))

    with open_document(fyrbodal_file, read_only=True) as document:
        notes = board_store.board(document, 1).notes.values()
        assert sorted(n.text for n in notes) == sorted(written)  # each once, whatever was resent
        assert all(n.hidden and n.prompt_id == question.id for n in notes)
        dump = "\n".join(document.connection.iterdump())
    user_agent = phone.execute_script("return navigator.userAgent")
    assert "127.0.0.1" not in dump and user_agent not in dump and "Chrome" not in dump
