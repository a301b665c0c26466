"""Built-in workshop templates, shipped as JSON inside the package.

A template is written in its own ``language``; ``translations`` gives, per
other language, the top-level entries (title, scale, questions, domains,
scenarios …) in that language, each whole. A workshop is made in the language
of whoever makes it, where its template has one: our own empty template is in
Swedish and English; the Fyrbodal study's map is kept as the study wrote it.
"""

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


def load_template(name: str, language: str | None = None) -> dict[str, Any]:
    """The template's data as in the reference JSON (a fresh copy each call), in ``language`` where it has
    a translation into it, else in its own."""
    data = json.loads(_load(name))
    data.update(data.pop("translations", {}).get(language, {}))
    return data


def describe_template(name: str, language: str | None = None) -> TemplateInfo:
    data = load_template(name, language)
    groups = [g for a in data["areas"] for g in a["groups"]]
    return TemplateInfo(
        id=data["id"],
        title=data["title"],
        areas=len(data["areas"]),
        groups=len(groups),
        capabilities=sum(len(g["capabilities"]) for g in groups),
        goals=len(data["goals"]),
    )
