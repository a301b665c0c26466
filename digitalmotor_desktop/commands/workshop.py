"""``new``, ``info``, ``templates`` and ``gui``."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from digitalmotor_desktop.core.i18n import LANGUAGES


def register(subparsers: argparse._SubParsersAction) -> None:
    new = subparsers.add_parser("new", help="create a workshop file from a built-in template")
    new.add_argument("file", type=Path)
    new.add_argument("--template", default="fyrbodal-2020", help="built-in template (see 'templates')")
    new.add_argument("--title", help="the workshop's title (default: the template's)")
    new.set_defaults(run=run_new)

    info = subparsers.add_parser("info", help="describe a workshop file")
    info.add_argument("file", type=Path)
    info.add_argument("--json", action="store_true", help="machine-readable output")
    info.set_defaults(run=run_info)

    templates = subparsers.add_parser("templates", help="list the built-in templates")
    templates.add_argument("--json", action="store_true")
    templates.set_defaults(run=run_templates)

    demo = subparsers.add_parser("demo", help="open the window on a demo workshop (Fyrbodal map, 15 organisations' ratings)")
    demo.add_argument("--output", "--folder", dest="folder", type=Path, default=Path("demo"), metavar="DIR",
                      help="where the demo file lives (default: ./demo)")
    demo.add_argument("--no-window", action="store_true", help="make the demo file and exit")
    demo.add_argument("--lang", choices=LANGUAGES)
    demo.set_defaults(run=run_demo)

    gui = subparsers.add_parser("gui", help="open the application window")
    gui.add_argument("file", nargs="?", type=Path)
    gui.add_argument("--stage", type=int, choices=range(1, 6), metavar="N", help="show stage N (1–5)")
    gui.add_argument("--lang", choices=LANGUAGES, help="user-interface language (default: Swedish)")
    gui.add_argument("--screenshot", type=Path, metavar="PNG",
                     help="render the window (1600×900, or --size) to PNG and exit")
    gui.add_argument("--size", type=_window_size, default=(1600, 900), metavar="WxH",
                     help="the window size of --screenshot, e.g. 1280x720 (a projector)")
    gui.add_argument("--present", action="store_true",
                     help="with --screenshot: render the audience view (what the projector shows) at 1920×1080")
    gui.set_defaults(run=run_gui)


# Each command imports what it runs on: ``gui`` and ``demo`` start a window, and every module loaded
# before it is start-up time (benchmarks/startup.py).
def run_new(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.ops.workshop import create_workshop
    from digitalmotor_desktop.store.workshop import summary

    with create_workshop(args.file, args.template, args.title) as document:
        info = summary(document)
    counts = info.counts
    print(f"Created {args.file} from “{args.template}”: {counts['areas']} areas, {counts['groups']} groups, "
          f"{counts['capabilities']} capabilities, {counts['goals']} goals.")
    return 0


def info_dict(file: Path) -> dict:
    from digitalmotor_desktop.store.document import open_document
    from digitalmotor_desktop.store.erasure import personal_data
    from digitalmotor_desktop.store.workshop import summary

    with open_document(file, read_only=True) as document:
        info = summary(document)
        personal = personal_data(document)
    return {
        "schema_version": info.schema_version,
        "title": info.title,
        "template": info.template,
        "document_id": info.document_id,
        "workshop_id": info.workshop_id,
        "anonymised": info.anonymised,
        "min_group_size": info.min_group_size,
        **info.counts,
        "levels": [dataclasses.asdict(level) for level in info.levels],
        "content_hash": info.content_hash,
        "personal_data": dataclasses.asdict(personal),
    }


def run_info(args: argparse.Namespace) -> int:
    data = info_dict(args.file)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{data['title']}  ({args.file.name}, template {data['template']}, format {data['schema_version']})")
    for key in ("areas", "groups", "capabilities", "goals", "organisations", "respondents", "ratings",
                "prompts", "notes", "clusters", "votes"):
        print(f"  {key:<14}{data[key]}")
    print("  levels        " + ", ".join(f"{lv['level']} {lv['label']}" for lv in data["levels"]))
    personal = data["personal_data"]
    print(f"  personal data {personal['organisations']} organisations, {personal['respondents']} respondents, "
          f"{personal['labels']} labels, {personal['comments']} comments; {len(personal['merged'])} files merged in"
          + ("; anonymised" if personal["anonymised"] else ""))
    return 0


def run_templates(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.core.templates import describe_template, template_names

    described = [describe_template(name) for name in template_names()]
    if args.json:
        print(json.dumps([dataclasses.asdict(t) for t in described], ensure_ascii=False, indent=2))
        return 0
    for t in described:
        print(f"{t.id:<16}{t.title} — {t.areas} areas, {t.groups} groups, {t.capabilities} capabilities, {t.goals} goals")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Creates the demo workshop on first use, then opens it."""
    from digitalmotor_desktop.demo import ensure_demo

    path, created = ensure_demo(args.folder)
    if created:
        print(f"Created the demo workshop {path}: the Fyrbodal map with ratings from 15 organisations.")
    if args.no_window:
        return 0
    from digitalmotor_desktop.gui.app import run

    return run(file=path, stage=3, lang=args.lang)


def _window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a size like 1280x720") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"{text} is outside 320x240 … 7680x4320")
    return width, height


def run_gui(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.gui.app import run  # Qt is imported only when a window is wanted

    return run(file=args.file, stage=args.stage, lang=args.lang, screenshot=args.screenshot, size=args.size,
               present=args.present)
