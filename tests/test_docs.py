"""The README stands on its own: its links resolve in the repository and it documents every command."""

import re
from pathlib import Path

from digitalmotor_desktop.cli import COMMAND_MODULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_link_and_image_in_the_readme_is_in_the_repository():
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    assert targets, "the README links nothing"
    missing = [t for t in targets if "://" not in t and not (ROOT / t).exists()]
    assert missing == []
    assert "../" not in "".join(targets)


def test_every_command_is_in_the_readme():
    documented = set(re.findall(r"^\s+digitalmotor ([a-z-]+)", README, re.M))
    commands = {c for names in COMMAND_MODULES.values() for c in names}
    assert commands - documented == set()
