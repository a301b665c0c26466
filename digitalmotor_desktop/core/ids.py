"""Identifiers that can travel between laptops.

Everything that may be merged is identified by a UUID. Rows created from a
built-in template get a UUID derived from the template id and their place in
it, so two files made from the same template line up row by row.
"""

from __future__ import annotations

#: Namespace of template-derived ids; never change it, files depend on it.
TEMPLATE_NAMESPACE = "6f1e7a52-2b0c-4d0e-9d55-0c8b3f4a9e21"


# ``uuid`` is imported where an id is made, not with the module: it loads ``platform``, and a window
# opened on a workshop makes no id before the facilitator edits something.
def new_id() -> str:
    """A fresh random id for a row created by a user."""
    import uuid

    return str(uuid.uuid4())


def template_id(template: str, *place: object) -> str:
    """The stable id of a template row, e.g. ``template_id("fyrbodal-2020", "capability", 0, 1, 2)``."""
    path = "/".join([template, *(str(part) for part in place)])
    import uuid

    return str(uuid.uuid5(uuid.UUID(TEMPLATE_NAMESPACE), path))
