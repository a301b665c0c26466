"""Where things are on an offline rating form, shared by its writer and reader.

The form (export.rating_form) is filled in with Excel or LibreOffice, without
the app, so its fixed texts are in the form's own language rather than the
user interface's. A hidden sheet marks the workbook as a form and records where
its table starts, so the reader never guesses.
"""

from __future__ import annotations

from digitalmotor_desktop.core.i18n import LANGUAGES  # a form can be written in every language of the app

FORM_MARKER = "digitalmotor-rating-form"
FORM_VERSION = 1
META_SHEET = "digitalmotor"
# Cells of the hidden sheet: the marker, the version, the rating sheet's name, the table's header row.
META_MARKER, META_VERSION, META_SHEET_NAME, META_HEADER_ROW = "A1", "B1", "B2", "B3"

# The header block: a label in column A, the participant's answer in column C.
ORGANISATION_ROW, RESPONDENT_ROW, SHARE_ROW = 3, 4, 5
ANSWER_COLUMN = "C"
SCALE_FIRST_ROW = 8  # the scale's choices (column C) and descriptions (column D) start here

# The table: one row per capability below the header row.
TABLE_COLUMNS = "ABCDEFGH"
AREA, GROUP, CAPABILITY, DESCRIPTION, MATURITY, IMPORTANCE, COMMENT, CAPABILITY_ID = TABLE_COLUMNS
#: Widest a column gets (characters) when fitted to its content; longer text wraps. Narrow enough that
#: the seven columns printed across a landscape A4 page stay legible.
COLUMN_WIDTHS = {AREA: 18, GROUP: 18, CAPABILITY: 28, DESCRIPTION: 80, MATURITY: 16, IMPORTANCE: 11}
COMMENT_WIDTH = 36  # room to write by hand on a printed form

TEXTS = {
    "sv": {
        "sheet": "Bedömning",
        "title": "Mognadsbedömning – {workshop}",
        "instructions": "Fyll i de gula cellerna. Välj mognad för varje förmåga i listan (0–4 eller "
                        "”vet ej”); strategisk betydelse 1–5 och kommentar är frivilliga. Spara filen och lämna "
                        "tillbaka den till processledaren.",
        "organisation": "Organisation",
        "respondent": "Respondent (t.ex. roll, frivilligt)",
        "share": "Visa mitt namngivna resultat",
        "share_group": "Dela med gruppen",
        "share_facilitator": "Endast processledaren",
        "scale": "Mognadsskala",
        "dont_know": "vet ej",
        "dont_know_description": "Jag kan inte bedöma förmågan (räknas inte som 0).",
        "importance_note": "Strategisk betydelse: 1 = låg … 5 = mycket hög (frivillig).",
        "columns": ("Område", "Grupp", "Förmåga", "Beskrivning", "Mognad", "Betydelse", "Kommentar", "id"),
        "page": "Sida {page} av {pages}",
    },
    "en": {
        "sheet": "Rating",
        "title": "Maturity assessment – {workshop}",
        "instructions": "Fill in the yellow cells. Choose a maturity for each capability from the list (0–4 "
                        "or “don't know”); strategic importance 1–5 and a comment are optional. Save the file "
                        "and hand it back to the facilitator.",
        "organisation": "Organisation",
        "respondent": "Respondent (e.g. role, optional)",
        "share": "Show my named result",
        "share_group": "Share with the group",
        "share_facilitator": "Facilitator only",
        "scale": "Maturity scale",
        "dont_know": "don't know",
        "dont_know_description": "I cannot judge this capability (not counted as 0).",
        "importance_note": "Strategic importance: 1 = low … 5 = very high (optional).",
        "columns": ("Area", "Group", "Capability", "Description", "Maturity", "Importance", "Comment", "id"),
        "page": "Page {page} of {pages}",
    },
}

#: Every way a form or a long-form file may say "vet ej" or name a consent.
DONT_KNOW_WORDS = frozenset({"vet ej", "vet inte", "don't know", "dont know", "unknown"} |
                            {TEXTS[language]["dont_know"] for language in LANGUAGES})
SHARE_WORDS = {
    "group": "group", "facilitator": "facilitator",
    **{TEXTS[language]["share_group"].casefold(): "group" for language in LANGUAGES},
    **{TEXTS[language]["share_facilitator"].casefold(): "facilitator" for language in LANGUAGES},
}


def maturity_choice(level: int, label: str) -> str:
    """A drop-down entry: "2 – Acceptabel". The reader takes the leading number."""
    return f"{level} – {label}"
