"""``new``, ``info``, ``templates`` and ``gui``."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from digitalmotor_desktop.commands import language, tr
from digitalmotor_desktop.core.i18n import LANGUAGES, QT_TRANSLATE_NOOP


def register(subparsers: argparse._SubParsersAction) -> None:
    new = subparsers.add_parser("new", help=tr("create a workshop file from a built-in template"))
    new.add_argument("file", type=Path, metavar=tr("FILE"))
    new.add_argument("--template", default="fyrbodal-2020", metavar=tr("TEMPLATE"),
                     help=tr("built-in template (see 'templates')"))
    new.add_argument("--title", metavar=tr("TEXT"), help=tr("the workshop's title (default: the template's)"))
    new.set_defaults(run=run_new)

    info = subparsers.add_parser("info", help=tr("describe a workshop file"))
    info.add_argument("file", type=Path, metavar=tr("FILE"))
    info.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    info.set_defaults(run=run_info)

    templates = subparsers.add_parser("templates", help=tr("list the built-in templates"))
    templates.add_argument("--json", action="store_true", help=tr("machine-readable output"))
    templates.set_defaults(run=run_templates)

    demo = subparsers.add_parser("demo", help=tr("open the window on a demo workshop (Fyrbodal map, 15 organisations' ratings)"))
    demo.add_argument("--output", "--folder", dest="folder", type=Path, default=Path("demo"), metavar=tr("DIR"),
                      help=tr("where the demo file lives (default: ./demo)"))
    demo.add_argument("--no-window", action="store_true", help=tr("make the demo file and exit"))
    demo.add_argument("--lang", choices=LANGUAGES, help=tr("user-interface language (default: the saved one, else Swedish)"))
    demo.set_defaults(run=run_demo)

    gui = subparsers.add_parser("gui", help=tr("open the application window"))
    gui.add_argument("file", nargs="?", type=Path, metavar=tr("FILE"))
    gui.add_argument("--stage", type=int, choices=range(1, 6), metavar="N", help=tr("show stage N (1–5)"))
    gui.add_argument("--lang", choices=LANGUAGES, help=tr("user-interface language (default: the saved one, else Swedish)"))
    gui.add_argument("--screenshot", type=Path, metavar="PNG",
                     help=tr("render the window (1600×900, or --size) to PNG and exit"))
    gui.add_argument("--size", type=_window_size, metavar="WxH",
                     help=tr("the size of --screenshot, e.g. 1280x720 (a projector); default 1600×900, "
                             "or 1920×1080 with --present"))
    gui.add_argument("--present", action="store_true",
                     help=tr("with --screenshot: render the audience view (what the projector shows)"))
    gui.set_defaults(run=run_gui)


# Each command imports what it runs on: ``gui`` and ``demo`` start a window, and every module loaded
# before it is start-up time (benchmarks/startup.py).
def run_new(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.ops.workshop import create_workshop
    from digitalmotor_desktop.store.workshop import summary

    with create_workshop(args.file, args.template, args.title, language()) as document:
        info = summary(document)
    counts = info.counts
    print(tr("Created {file} from “{template}”: {areas} areas, {groups} groups, {capabilities} capabilities, "
             "{goals} goals.", file=args.file, template=args.template, areas=counts["areas"], groups=counts["groups"],
             capabilities=counts["capabilities"], goals=counts["goals"]))
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


#: The counts ``info`` lists, by their key in ``info --json``.
INFO_COUNTS = (("areas", QT_TRANSLATE_NOOP("", "areas")), ("groups", QT_TRANSLATE_NOOP("", "groups")),
               ("capabilities", QT_TRANSLATE_NOOP("", "capabilities")), ("goals", QT_TRANSLATE_NOOP("", "goals")),
               ("organisations", QT_TRANSLATE_NOOP("", "organisations")),
               ("respondents", QT_TRANSLATE_NOOP("", "respondents")), ("ratings", QT_TRANSLATE_NOOP("", "ratings")),
               ("prompts", QT_TRANSLATE_NOOP("", "prompts")), ("notes", QT_TRANSLATE_NOOP("", "notes")),
               ("clusters", QT_TRANSLATE_NOOP("", "clusters")), ("votes", QT_TRANSLATE_NOOP("", "votes")))


def run_info(args: argparse.Namespace) -> int:
    data = info_dict(args.file)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(data["title"] + "  " + tr("({file}, template {template}, format {version})", file=args.file.name,
                                     template=data["template"], version=data["schema_version"]))
    for key, name in INFO_COUNTS:
        print("  " + tr(name).ljust(18) + str(data[key]))
    print("  " + tr("levels").ljust(18) + ", ".join(f"{lv['level']} {lv['label']}" for lv in data["levels"]))
    personal = data["personal_data"]
    held = tr("{organisations} organisations, {respondents} respondents, {labels} labels, {comments} comments; "
              "{merged} files merged in", organisations=personal["organisations"],
              respondents=personal["respondents"], labels=personal["labels"], comments=personal["comments"],
              merged=len(personal["merged"]))
    print("  " + tr("personal data").ljust(18) + held + ("; " + tr("anonymised") if personal["anonymised"] else ""))
    return 0


def run_templates(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.core.templates import describe_template, template_names

    described = [describe_template(name, language()) for name in template_names()]
    if args.json:
        print(json.dumps([dataclasses.asdict(t) for t in described], ensure_ascii=False, indent=2))
        return 0
    for t in described:
        print(t.id.ljust(16) + t.title + " — " + tr("{areas} areas, {groups} groups, {capabilities} capabilities, {goals} goals",
                                             areas=t.areas, groups=t.groups, capabilities=t.capabilities, goals=t.goals))
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Creates the demo workshop on first use, then opens it."""
    from digitalmotor_desktop.demo import ensure_demo

    path, created = ensure_demo(args.folder)
    if created:
        print(tr("Created the demo workshop {file}: the Fyrbodal map with ratings from 15 organisations.", file=path))
    if args.no_window:
        return 0
    from digitalmotor_desktop.gui.app import run

    return run(file=path, stage=3, lang=args.lang or args.output_language)  # `digitalmotor --lang en demo` too


def _window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(tr("“{text}” is not a size like 1280x720", text=text)) from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(tr("{text} is outside 320x240 … 7680x4320", text=text))
    return width, height


def run_gui(args: argparse.Namespace) -> int:
    from digitalmotor_desktop.gui.app import run  # Qt is imported only when a window is wanted

    return run(file=args.file, stage=args.stage, lang=args.lang or args.output_language, screenshot=args.screenshot, size=args.size,
               present=args.present)
