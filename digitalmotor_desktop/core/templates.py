"""Built-in workshop templates, shipped as JSON inside the package."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.errors import UnknownTemplate

_PACKAGE = "digitalmotor_desktop.templates"


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    title: str
    areas: int
    groups: int
    capabilities: int
    goals: int


def template_names() -> list[str]:
    """Ids of the built-in templates, the study's first."""
    names = sorted(p.name[: -len(".json")] for p in resources.files(_PACKAGE).iterdir() if p.name.endswith(".json"))
    return sorted(names, key=lambda n: (n == "empty", n))


@lru_cache(maxsize=None)
def _load(name: str) -> str:
    path = resources.files(_PACKAGE).joinpath(f"{name}.json")
    if name not in template_names() or not path.is_file():
        raise UnknownTemplate(QT_TRANSLATE_NOOP("UserError", "There is no built-in template called “{name}”; choose one of: {choices}."), name=name, choices=', '.join(template_names()))
    return path.read_text(encoding="utf-8")


def load_template(name: str) -> dict[str, Any]:
    """The template's data as in the reference JSON (a fresh copy each call)."""
    return json.loads(_load(name))


def describe_template(name: str) -> TemplateInfo:
    data = load_template(name)
    groups = [g for a in data["areas"] for g in a["groups"]]
    return TemplateInfo(
        id=data["id"],
        title=data["title"],
        areas=len(data["areas"]),
        groups=len(groups),
        capabilities=sum(len(g["capabilities"]) for g in groups),
        goals=len(data["goals"]),
    )
