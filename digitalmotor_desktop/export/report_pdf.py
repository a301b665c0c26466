"""The workshop's PDF report: what the room decided and why, for people who were not there.

Sections, in order: title page (workshop, date, organisations and
respondents); method (the five workshops, the scale, the organisation as the
unit, K and the consent rule); the målbild; the capability map; the heat map of
mean maturity; importance, mean and ± SD per capability in map order (the
study's Figur 29); importance against maturity; the strongest and weakest; the
priority list with decisions and scenarios; the scenarios; the per-organisation
matrix; an appendix with every capability's description. Each chart is drawn
by reportlab as vectors and followed by its numbers as a table.

It draws a ``GapReport`` compiled for export (``ops.results``): pseudonyms,
group consent only, figures over fewer than K organisations suppressed. It
never reads the workshop file itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.statistics import UNIT_RULE
from digitalmotor_desktop.export import charts, picture
from digitalmotor_desktop.export.map_picture import MATURITY, MODE_TITLES, PLAIN, map_picture
from digitalmotor_desktop.export.pdf_document import (
    Heading,
    Styles,
    frame_size,
    landscape_flowables,
    paragraph,
    portrait_flowables,
    table,
    write_pdf,
)
from digitalmotor_desktop.export.wording import Wording


STAGES = (
    (QT_TRANSLATE_NOOP("Report", "Goals and vision"), QT_TRANSLATE_NOOP("Report", "What will be digital in a municipality by the horizon year, and what "
                                             "support will it need? Expectations are gathered, clustered and cleaned "
                                             "of duplicates into a målbild.")),
    (QT_TRANSLATE_NOOP("Report", "Capabilities – find"), QT_TRANSLATE_NOOP("Report", "The capabilities needed to reach the goals are brainstormed, "
                                                  "refined, broken down and clustered.")),
    (QT_TRANSLATE_NOOP("Report", "Capability map"), QT_TRANSLATE_NOOP("Report", "The map is revised, checked and fixed: management, core and support "
                                             "capabilities, each with a “We can …” description.")),
    (QT_TRANSLATE_NOOP("Report", "Maturity assessment"), QT_TRANSLATE_NOOP("Report", "Each organisation rates every capability 0–4 against the goal and "
                                                  "may rate its strategic importance 1–5.")),
    (QT_TRANSLATE_NOOP("Report", "GAP analysis"), QT_TRANSLATE_NOOP("Report", "The room looks at the joint, anonymised result and decides which "
                                           "capabilities to develop, jointly or alone, and under which collaboration "
                                           "scenario.")),
)
K_RULE = QT_TRANSLATE_NOOP("Report", "A figure over fewer than {k} organisations is never shown: it reads “{too_few}”. This protects "
                     "each organisation's own rating. Where every counted organisation gave the same level, the "
                     "result shows that they agree – and so what each of them answered; that is visible to everyone "
                     "who took part.")
CONSENT_RULE = QT_TRANSLATE_NOOP("Report", "Each respondent chose whether their organisation's named result may be shared with the "
                           "group or with the facilitator only. Organisations that share with the group appear below "
                           "as random pseudonyms (“Organisation A …”), never in name order; the others count in the "
                           "joint figures and appear nowhere else. A row is withheld when showing it would let "
                           "someone work out a hidden organisation's rating.")


def participation(report, group) -> tuple[str, dict]:
    """The sentence (template and values) saying who takes part in a scenario: pseudonyms only where allowed."""
    labels, others = report.participant_labels(group)
    if not labels and not others:
        return QT_TRANSLATE_NOOP("Report", "No organisation has joined yet."), {}
    if not others:
        return QT_TRANSLATE_NOOP("Report", "Taking part: {names}."), {"names": ", ".join(labels)}
    return (QT_TRANSLATE_NOOP("Report", "Taking part: {names} and {others} other organisation(s)."),
            {"names": ", ".join(labels) or "–", "others": others})


@dataclass(frozen=True)
class ReportFacts:
    """What the title page tells, read from the workshop by the caller."""

    title: str
    date: str
    organisations: int
    respondents: int
    goals: tuple[str, ...] = ()


def write_report(report, facts: ReportFacts, path: Path, wording: Wording,
                 progress: Callable[[int], None] | None = None) -> int:
    """Writes the report; returns its number of pages."""
    story = ReportStory(report, facts, wording).build()
    return write_pdf(path, story, title=facts.title, wording=wording,
                     footer=f"{facts.title} · {facts.date}", progress=progress)


class ReportStory:
    def __init__(self, report, facts: ReportFacts, wording: Wording):
        self.report = report
        self.facts = facts
        self.w = wording
        self.styles = Styles()
        self.heading = Heading(self.styles)
        self.width, self.height = frame_size()
        self.names = {c.id: c.name for c in report.capability_map.capabilities()}
        self.story: list = []

    def add(self, *flowables) -> None:
        self.story.extend(flowables)

    def picture(self, drawn: picture.Picture):
        """A chart as wide as the page, never higher than it (room left for a heading)."""
        return picture.flowable(drawn, self.width, self.height - 60)

    def room(self, drawn: picture.Picture) -> float:
        """How high ``picture`` draws ``drawn``: a heading above it keeps that much room below."""
        return self.picture(drawn).wrap(self.width, self.height)[1]

    def text(self, text: str, **values) -> None:
        self.add(paragraph(self.w(text, **values), self.styles.body))

    def build(self) -> list:
        for section in (self.title_page, self.method, self.goals, self.maps, self.combined_chart, self.scatter,
                        self.strongest_weakest, self.priorities, self.scenarios, self.organisations, self.appendix):
            section()
        return self.story

    # -- sections ---------------------------------------------------------------------------------
    def title_page(self) -> None:
        from reportlab.platypus import PageBreak, Spacer

        s, w, f = self.styles, self.w, self.facts
        self.add(Spacer(1, 140), paragraph(f.title, s.title),
                 paragraph(w(QT_TRANSLATE_NOOP("Report", "Capability map and GAP analysis")), s.subtitle),
                 paragraph(w(QT_TRANSLATE_NOOP("Report", "Date: {date}"), date=f.date), s.body),
                 paragraph(w(QT_TRANSLATE_NOOP("Report", "{organisations} organisations, {respondents} respondents"),
                             organisations=f.organisations, respondents=f.respondents), s.body),
                 paragraph(w(QT_TRANSLATE_NOOP("Report", "Figures over fewer than {k} organisations are suppressed."),
                             k=self.report.result.min_n), s.body),
                 PageBreak())

    def method(self) -> None:
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "Method"))))
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "Five workshops")), 1))
        for number, (name, purpose) in enumerate(STAGES, start=1):
            self.add(paragraph(f"{number}. {self.w(name)}: {self.w(purpose)}", self.styles.body))
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "The maturity scale")), 1))
        self.add(table([self.w(QT_TRANSLATE_NOOP("Report", "Level")), self.w(QT_TRANSLATE_NOOP("Report", "Name")), self.w(QT_TRANSLATE_NOOP("Report", "Meaning"))],
                       [[str(level.level), level.label, level.description] for level in self.report.scale],
                       [40, 110, self.width - 150], self.styles))
        self.text(QT_TRANSLATE_NOOP("Report", "A respondent may leave a capability unrated (“don't know”); that is not a 0."))
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "The organisation is the unit")), 1))
        self.add(paragraph(self.w(UNIT_RULE, "Results"), self.styles.body))
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "Small groups and consent")), 1))
        self.text(K_RULE, k=self.report.result.min_n, too_few=self.w.too_few)
        self.text(CONSENT_RULE)

    def goals(self) -> None:
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "Målbild"))))
        if not self.facts.goals:
            self.text(QT_TRANSLATE_NOOP("Report", "The workshop has no goals yet."))
        for number, goal in enumerate(self.facts.goals, start=1):
            self.add(paragraph(f"{number}. {goal}", self.styles.body))

    def maps(self) -> None:
        width, height = frame_size(turned=True)
        for mode in (PLAIN, MATURITY):
            self.add(*landscape_flowables())
            self.add(*self.heading(self.w(MODE_TITLES[mode])))
            drawn = map_picture(self.report, self.w, mode, width=width / 0.62, height=(height - 30) / 0.62)
            self.add(picture.flowable(drawn, width, height - 30))
        self.add(*portrait_flowables())
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "The figures of the heat map")), 1))
        rows = []
        for (area, group, cap), row in zip(self.report.places(), self.report.result.rows):
            shown = not row.suppressed
            rows.append([cap.name, group.name, str(row.n), self.w.number(row.mean) if shown else self.w.too_few,
                         self.w.number(row.sd), self.w.level(row.min), self.w.level(row.max),
                         *(str(c) if shown else "" for c in row.level_counts)])
        levels = [str(level.level) for level in self.report.scale]
        fixed = [165, 95, 24, 56, 34, 28, 28]
        rest = (self.width - sum(fixed)) / max(len(levels), 1)
        self.add(table([self.w(QT_TRANSLATE_NOOP("Report", "Capability")), self.w(QT_TRANSLATE_NOOP("Report", "Group")), "n",
                        self.w(QT_TRANSLATE_NOOP("Report", "Mean")), self.w(QT_TRANSLATE_NOOP("Report", "SD")), self.w(QT_TRANSLATE_NOOP("Report", "Min")),
                        self.w(QT_TRANSLATE_NOOP("Report", "Max")), *levels], rows, fixed + [rest] * len(levels), self.styles,
                       numeric=set(range(2, 7 + len(levels)))))
        self.text(QT_TRANSLATE_NOOP("Report", "Columns 0–4: how many organisations are at each level."))

    def combined_chart(self) -> None:
        rows = [(cap.name, row) for (_, _, cap), row in zip(self.report.places(), self.report.result.rows)]
        pages = charts.importance_maturity_rows(rows, self.w, self.width)
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "Importance and maturity per capability")),
                               room=self.room(pages[0])))
        self.add(*(self.picture(page) for page in pages))
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "The figures of the chart")), 1))
        table_rows = [[name, self.w.number(row.importance_mean), self.w.number(row.mean), self.w.number(row.sd),
                       str(row.n)] for name, row in rows]
        self.add(table([self.w(QT_TRANSLATE_NOOP("Report", "Capability")), self.w(QT_TRANSLATE_NOOP("Report", "Importance")),
                        self.w(QT_TRANSLATE_NOOP("Report", "Mean")), self.w(QT_TRANSLATE_NOOP("Report", "SD")), "n"], table_rows,
                       [self.width - 220, 70, 55, 55, 40], self.styles, numeric={1, 2, 3, 4}))

    def scatter(self) -> None:
        result = self.report.result
        drawn = charts.scatter(result.priority, self.w, self.width)
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "Importance against maturity")),
                               room=self.room(drawn) + 40))
        self.text(QT_TRANSLATE_NOOP("Report", "Each point is a capability, numbered by its place in the priority list: most important "
                              "first, and among equally important ones the least mature first. The grey lines are the "
                              "means."))
        self.add(self.picture(drawn))

    def strongest_weakest(self) -> None:
        result = self.report.result
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "Strongest and weakest capabilities"))))
        for title, ranked in ((QT_TRANSLATE_NOOP("Report", "The five strongest"), result.top),
                              (QT_TRANSLATE_NOOP("Report", "The five weakest"), result.bottom)):
            pages = charts.ranking(ranked, self.names, self.w, self.width)
            self.add(*self.heading(self.w(title), 1, room=self.room(pages[0]) if pages else 0))
            if not ranked:
                self.text(QT_TRANSLATE_NOOP("Report", "No capability has enough answers."))
                continue
            self.add(*(self.picture(page) for page in pages))
            self.add(table([self.w(QT_TRANSLATE_NOOP("Report", "Rank")), self.w(QT_TRANSLATE_NOOP("Report", "Capability")), self.w(QT_TRANSLATE_NOOP("Report", "Mean")),
                            "n"], [[f"{r.rank}" + (" =" if r.tied else ""), self.names[r.stats.capability_id],
                                    self.w.number(r.stats.mean), str(r.stats.n)] for r in ranked],
                           [40, self.width - 140, 60, 40], self.styles, numeric={2, 3}))

    def priorities(self) -> None:
        report, w = self.report, self.w
        self.add(*self.heading(w(QT_TRANSLATE_NOOP("Report", "Priorities and decisions"))))
        scenario_names = {s.number: s.name for s in report.scenarios}
        rows = []
        for number, row in enumerate(report.result.priority, start=1):
            decision = report.decisions.get(row.capability_id)
            suggested = report.suggestions[row.capability_id].scenario
            decided = ""
            if decision is not None:
                parts = [w.choice(decision.develop, QT_TRANSLATE_NOOP("Report", "develop"), QT_TRANSLATE_NOOP("Report", "do not develop")),
                         w.choice(decision.jointly, QT_TRANSLATE_NOOP("Report", "jointly"), QT_TRANSLATE_NOOP("Report", "alone")),
                         f"{decision.scenario} {scenario_names.get(decision.scenario, '')}"
                         if decision.scenario is not None else "", decision.note]
                decided = " · ".join(p for p in parts if p)
            rows.append([str(number), self.names[row.capability_id], w.number(row.importance_mean), w.number(row.mean),
                         w.number(row.gap), "" if suggested is None else str(suggested), decided])
        self.add(table(["#", w(QT_TRANSLATE_NOOP("Report", "Capability")), w(QT_TRANSLATE_NOOP("Report", "Importance")), w(QT_TRANSLATE_NOOP("Report", "Mean")),
                        w(QT_TRANSLATE_NOOP("Report", "Gap")), w(QT_TRANSLATE_NOOP("Report", "Suggested scenario")), w(QT_TRANSLATE_NOOP("Report", "Decision"))],
                       rows, [22, 170, 55, 42, 38, 55, self.width - 382], self.styles, numeric={0, 2, 3, 4, 5}))
        self.text(QT_TRANSLATE_NOOP("Report", "The gap is the target level minus the mean; positive means below the target."))

    def scenarios(self) -> None:
        w = self.w
        self.add(*self.heading(w(QT_TRANSLATE_NOOP("Report", "Collaboration scenarios"))))
        self.text(QT_TRANSLATE_NOOP("Report", "A scenario does not require every organisation to take part."))
        joint = self.report.joint_suggestion
        if joint is not None:
            self.add(paragraph(w(QT_TRANSLATE_NOOP("Report", "For the whole map: scenario {number}. {reason}"), number=joint.scenario,
                                 reason=joint.text(lambda text: w(text, "Scenario"))), self.styles.body))
        for group in self.report.scenario_groups():
            title = (w(QT_TRANSLATE_NOOP("Report", "Scenario {number}: {name}"), number=group.scenario.number, name=group.scenario.name)
                     if group.scenario else w(QT_TRANSLATE_NOOP("Report", "Not decided yet")))
            self.add(*self.heading(title, 1))
            if group.scenario is not None and group.scenario.summary:
                self.add(paragraph(group.scenario.summary, self.styles.body))
            if group.pilot:
                self.text(QT_TRANSLATE_NOOP("Report", "Pilot capability: {name}"), name=group.pilot)
            if group.scenario is not None:
                template, values = participation(self.report, group)
                self.text(template, **values)
            if group.capabilities:
                self.add(paragraph(", ".join(self.names[c] for c in group.capabilities), self.styles.body))
            else:
                self.text(QT_TRANSLATE_NOOP("Report", "No capability decided under this scenario."))

    def organisations(self) -> None:
        result, w = self.report.result, self.w
        self.add(*landscape_flowables())
        width, _ = frame_size(turned=True)
        self.add(*self.heading(w(QT_TRANSLATE_NOOP("Report", "Per organisation"))))
        self.text(CONSENT_RULE)
        if not result.columns:
            self.text(QT_TRANSLATE_NOOP("Report", "No organisation shares its named result with the group."))
            self.add(*portrait_flowables())
            return
        name_width = 200
        rest = max((width - name_width) / len(result.columns), 18)
        rows = [[cap.name, *(w.level(result.matrix[cap.id].get(c.organisation_id)) for c in result.columns)]
                for _, _, cap in self.report.places() if cap.id in result.matrix]
        labels = [c.label for c in result.columns]
        prefix = os.path.commonprefix(labels).rpartition(" ")[0]
        if prefix and len(labels) > 1:  # "Organisation A", "Organisation B" … headed "A", "B" … to fit the columns
            self.text(QT_TRANSLATE_NOOP("Report", "Columns: {prefix} {first} … {last}."), prefix=prefix,
                      first=labels[0][len(prefix) + 1:], last=labels[-1][len(prefix) + 1:])
            labels = [label[len(prefix) + 1:] for label in labels]
        if rows:
            self.add(table([w(QT_TRANSLATE_NOOP("Report", "Capability")), *labels], rows,
                           [name_width, *([rest] * len(result.columns))], self.styles,
                           numeric=set(range(1, len(result.columns) + 1))))
        reasons: dict[str, int] = {}
        for template, values in result.withheld.values():
            reason = w(template, "Results", **values)
            reasons[reason] = reasons.get(reason, 0) + 1
        for reason, count in reasons.items():
            self.text(QT_TRANSLATE_NOOP("Report", "{count} capabilities not shown per organisation. {reason}"), count=count,
                      reason=reason)
        self.add(*portrait_flowables())

    def appendix(self) -> None:
        self.add(*self.heading(self.w(QT_TRANSLATE_NOOP("Report", "Appendix: the capabilities"))))
        for area in self.report.capability_map.areas:
            self.add(*self.heading(area.name, 1))
            for group in area.groups:
                self.add(*self.heading(group.name, 2))
                for capability in group.capabilities:
                    self.add(paragraph(capability.name, self.styles.cell_bold),
                             paragraph(capability.description or "–", self.styles.body))
