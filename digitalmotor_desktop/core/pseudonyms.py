"""Random organisation pseudonyms for everything that is shared.

Organisations appear as "Organisation A", "Organisation B", … in an order
drawn at random from the workshop's secret seed — never in name order, and
stable for one workshop so a projected view and its export agree.
"""

from __future__ import annotations

import random
from string import ascii_uppercase

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP

PSEUDONYM_TEMPLATE = QT_TRANSLATE_NOOP("Pseudonym", "Organisation {letters}")


def pseudonym_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, … (spreadsheet column style)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = ascii_uppercase[remainder] + letters
    return letters


def pseudonym_label(index: int, template: str = PSEUDONYM_TEMPLATE) -> str:
    return template.format(letters=pseudonym_letters(index))


def assign_pseudonyms(organisation_ids: list[str], seed: str, template: str = PSEUDONYM_TEMPLATE) -> dict[str, str]:
    """Maps each organisation id to a pseudonym, shuffled by ``seed``.

    The ids are sorted first so the result depends only on the set and the seed,
    not on the order rows were read in.
    """
    ordered = sorted(organisation_ids)
    random.Random(seed).shuffle(ordered)
    return {org_id: pseudonym_label(i, template) for i, org_id in enumerate(ordered)}
