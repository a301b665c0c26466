"""Two laptops and a real Syncthing: each publishes into its synced folder, the lead merges what arrives.

Two Syncthing instances run on this machine as two laptops, talking only over
127.0.0.1 (no relays, no global or local discovery, no NAT traversal, no STUN,
no usage reporting, no upgrades, no web GUI), each syncing its own folder with
the other's. Each laptop publishes its capture file; the lead's laptop merges
its folder once the other laptop's file has arrived — while Syncthing may still
be writing its temporary file — and gets exactly what merging the two captures
gives. The instances are stopped in every case; the test waits a bounded time.
Skipped where Syncthing is not installed (Debian package ``syncthing``).
"""

import os
import shutil
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from digitalmotor_desktop.ops.folder import MERGED, merge_folder_into_file
from digitalmotor_desktop.store.document import open_document
from digitalmotor_desktop.store.publish import publish

from folder_data import laptops  # noqa: F401 - fixture
from merge_data import file_hash, merge

SYNCTHING = shutil.which("syncthing")
pytestmark = pytest.mark.skipif(SYNCTHING is None, reason="Syncthing is not installed (apt-get install syncthing)")

#: Longest wait for a file to arrive from the other laptop.
ARRIVAL_S = 90

OFFLINE_OPTIONS = {
    "globalAnnounceEnabled": "false", "localAnnounceEnabled": "false", "relaysEnabled": "false",
    "natEnabled": "false", "urAccepted": "-1", "autoUpgradeIntervalH": "0", "startBrowser": "false",
    "crashReportingEnabled": "false", "stunKeepaliveStartS": "0", "announceLANAddresses": "false",
    "reconnectionIntervalS": "1",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Laptop:
    """One Syncthing instance with its own home and synced folder."""

    def __init__(self, root: Path, name: str):
        self.home, self.folder = root / f"{name}-home", root / f"{name}-Sync"
        self.folder.mkdir(parents=True)
        (self.folder / ".stfolder").mkdir()
        self.port = _free_port()
        out = subprocess.run([SYNCTHING, "generate", f"--home={self.home}", "--no-default-folder"],
                             capture_output=True, text=True, timeout=60, check=True)
        self.device_id = next(line.split("Device ID:")[1].strip() for line in (out.stdout + out.stderr).splitlines()
                              if "Device ID:" in line)
        self.process: subprocess.Popen | None = None

    def configure(self, peer: "Laptop") -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        options = root.find("options")
        for listen in options.findall("listenAddress"):
            options.remove(listen)
        ET.SubElement(options, "listenAddress").text = f"tcp://127.0.0.1:{self.port}"
        for key, value in OFFLINE_OPTIONS.items():
            element = options.find(key)
            if element is None:
                element = ET.SubElement(options, key)
            element.text = value
        root.find("gui").set("enabled", "false")
        device = ET.SubElement(root, "device", id=peer.device_id, name="peer", compression="metadata",
                               introducer="false")
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{peer.port}"
        folder = ET.SubElement(root, "folder", id="workshops", label="workshops", path=str(self.folder),
                               type="sendreceive", rescanIntervalS="1", fsWatcherEnabled="true", fsWatcherDelayS="1")
        for member in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", id=member)
        ET.SubElement(folder, "minDiskFree", unit="%").text = "0"
        tree.write(path)

    def start(self) -> None:
        environment = dict(os.environ, STNOUPGRADE="1", STNODEFAULTFOLDER="1", STNORESTART="1")
        self.log = open(self.home / "log.txt", "w")
        self.process = subprocess.Popen([SYNCTHING, "serve", f"--home={self.home}", "--no-browser", "--no-restart",
                                         "--no-upgrade"], stdout=self.log, stderr=subprocess.STDOUT, env=environment)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self.process is not None:
            self.log.close()


def _arrived(folder: Path, name: str, size: int) -> bool:
    path = folder / name
    return path.is_file() and path.stat().st_size == size


def test_the_lead_merges_what_two_laptops_publish_through_syncthing(tmp_path, laptops):  # noqa: F811
    first, second = Laptop(tmp_path, "laptop-a"), Laptop(tmp_path, "laptop-b")
    first.configure(second)
    second.configure(first)
    try:
        first.start()
        second.start()
        with open_document(laptops[0]) as document:
            sent = publish(document, first.folder).path
        with open_document(laptops[1]) as document:
            own = publish(document, second.folder).path
        lead = tmp_path / "lead.dmw"
        merged = set()
        deadline = time.monotonic() + ARRIVAL_S
        while not (_arrived(second.folder, sent.name, sent.stat().st_size)
                   and _arrived(first.folder, own.name, own.stat().st_size)):
            assert first.process.poll() is None and second.process.poll() is None, "Syncthing stopped"
            assert time.monotonic() < deadline, (second.home / "log.txt").read_text()[-3000:]
            # the lead merges again and again while Syncthing downloads: never a half-written file
            merged |= {entry.name for entry in merge_folder_into_file(second.folder, lead).plan.having(MERGED)}
            assert merged <= {sent.name, own.name}
            time.sleep(0.1)
        merged |= {entry.name for entry in merge_folder_into_file(second.folder, lead).plan.having(MERGED)}
        assert merged == {sent.name, own.name}
        assert file_hash(lead) == file_hash(merge(tmp_path / "expected.dmw", laptops[0], laptops[1]))
        assert file_hash(first.folder / own.name) == file_hash(own)  # the other way round too
    finally:
        first.stop()
        second.stop()
