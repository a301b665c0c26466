"""How long a text may be, wherever it comes from (typed, imported, merged, sent by a phone).

Checked before anything is stored, so that a hostile or broken input cannot
make a file that is slow to open or a map that cannot be drawn (db/FORMAT.md,
"Input limits").
"""

from __future__ import annotations

#: Names and labels: organisations, respondents, capabilities, groups, areas, clusters, goals, prompts.
NAME_MAX = 200
#: Descriptions, comments, notes and decision notes.
TEXT_MAX = 4000
