"""One organisation's report: what it takes home to its leadership.

Its own ratings next to the joint result (under the privacy rules: a joint
figure over fewer than K organisations reads "för få svar"), where it stands
above or below the joint mean, its gaps to the target level, and the room's
decisions. It names no other organisation: no per-organisation matrix, no
pseudonyms, only the organisation's own values and the anonymous joint ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.statistics import Observation, organisation_levels
from digitalmotor_desktop.export.pdf_document import Heading, Styles, frame_size, paragraph, table, write_pdf
from digitalmotor_desktop.export.wording import Wording

ABOVE, BELOW = "#dcebd6", "#f6d3cf"
#: Own level this far from the joint mean or more counts as above or below it.
DIFFERENCE = 0.5


def write_organisation_report(report, facts, organisation: str, organisation_id: str, own: Sequence[Observation],
                              path: Path, wording: Wording, progress: Callable[[int], None] | None = None) -> int:
    w = wording
    styles = Styles()
    heading = Heading(styles)
    width, _ = frame_size()
    levels = organisation_levels(own)
    names = {c.id: c.name for c in report.capability_map.capabilities()}
    story = [*heading(w(QT_TRANSLATE_NOOP("Report", "{organisation}: maturity and the joint result"), organisation=organisation)),
             paragraph(f"{facts.title} · {facts.date}", styles.body),
             paragraph(w(QT_TRANSLATE_NOOP("Report", "Your organisation's own ratings next to the joint result of {count} "
                                     "organisations. The joint figures are anonymous: a figure over fewer than {k} "
                                     "organisations reads “{too_few}”."),
                         count=facts.organisations, k=report.result.min_n, too_few=w.too_few), styles.body)]

    rows, shade, above, below, gaps = [], {}, [], [], []
    for index, ((_, _, cap), joint) in enumerate(zip(report.places(), report.result.rows)):
        # the observations are one organisation's: at most one (level, importance) per capability
        level, importance = next(iter(levels.get(cap.id, {}).values()), (None, None))
        difference = None if level is None or joint.mean is None else level - joint.mean
        target = joint.target_level if joint.target_level is not None else report.target_level
        gap = None if level is None or target is None else target - level
        if difference is not None and difference >= DIFFERENCE:
            above.append(cap.id)
            shade[(4, index)] = ABOVE
        elif difference is not None and difference <= -DIFFERENCE:
            below.append(cap.id)
            shade[(4, index)] = BELOW
        if gap is not None and gap > 0:
            gaps.append((gap, cap.id))
        rows.append([cap.name, w.level(level), w.level(importance),
                     w.too_few if joint.suppressed else w.number(joint.mean), _signed(w, difference),
                     _signed(w, gap), str(joint.n)])
        if progress is not None and index % 20 == 0:
            progress(1)

    story.extend(heading(w(QT_TRANSLATE_NOOP("Report", "Summary")), 1))
    story.append(paragraph(w(QT_TRANSLATE_NOOP("Report", "Above the joint mean (by {step} or more): {count}. Below it: {below}."),
                             step=w.number(DIFFERENCE, 1), count=len(above), below=len(below)), styles.body))
    if gaps:
        largest = sorted(gaps, key=lambda item: -item[0])[:5]
        story.append(paragraph(w(QT_TRANSLATE_NOOP("Report", "Largest gaps to the target level: {list}."),
                                 list="; ".join(f"{names[c]} ({_signed(w, g)})" for g, c in largest)), styles.body))
    story.extend(heading(w(QT_TRANSLATE_NOOP("Report", "Every capability")), 1))
    story.append(table([w(QT_TRANSLATE_NOOP("Report", "Capability")), w(QT_TRANSLATE_NOOP("Report", "Your level")), w(QT_TRANSLATE_NOOP("Report", "Your importance")),
                        w(QT_TRANSLATE_NOOP("Report", "Joint mean")), w(QT_TRANSLATE_NOOP("Report", "Difference")), w(QT_TRANSLATE_NOOP("Report", "Gap to target")), "n"],
                       rows, [width - 316, 48, 62, 58, 58, 58, 32], styles, numeric={1, 2, 3, 4, 5, 6}, shade=shade))
    story.append(paragraph(w(QT_TRANSLATE_NOOP("Report", "Difference: your level minus the joint mean. Gap to target: the target "
                                         "level minus your level; positive means below the target.")), styles.small))

    story.extend(heading(w(QT_TRANSLATE_NOOP("Report", "The room's decisions")), 1))
    joined = [f"{g.scenario.number} {g.scenario.name}" for g in report.scenario_groups()
              if g.scenario is not None and organisation_id in g.participants]
    story.append(paragraph(w(QT_TRANSLATE_NOOP("Report", "Your organisation takes part in: {scenarios}."),
                             scenarios="; ".join(joined)) if joined else
                           w(QT_TRANSLATE_NOOP("Report", "Your organisation has not joined a scenario yet.")),
                           styles.body))
    scenario_names = {s.number: s.name for s in report.scenarios}
    decided = []
    for _, _, cap in report.places():
        decision = report.decisions.get(cap.id)
        if decision is not None:
            decided.append([cap.name, w.choice(decision.develop, QT_TRANSLATE_NOOP("Report", "develop"), QT_TRANSLATE_NOOP("Report", "do not develop")),
                            w.choice(decision.jointly, QT_TRANSLATE_NOOP("Report", "jointly"), QT_TRANSLATE_NOOP("Report", "alone")),
                            "" if decision.scenario is None
                            else f"{decision.scenario} {scenario_names.get(decision.scenario, '')}"])
    if decided:
        story.append(table([w(QT_TRANSLATE_NOOP("Report", "Capability")), w(QT_TRANSLATE_NOOP("Report", "Develop")), w(QT_TRANSLATE_NOOP("Report", "Jointly")),
                            w(QT_TRANSLATE_NOOP("Report", "Scenario"))], decided, [width - 290, 80, 70, 140], styles))
    else:
        story.append(paragraph(w(QT_TRANSLATE_NOOP("Report", "The room has not decided yet.")), styles.body))
    return write_pdf(path, story, title=f"{facts.title} – {organisation}", wording=wording,
                     footer=f"{organisation} · {facts.date}", progress=progress)


def _signed(w: Wording, value: float | None) -> str:
    if value is None:
        return w.number(None)
    return ("+" if value > 0 else "") + w.number(value)
