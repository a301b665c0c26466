"""Stage 5 — GAP-analys: the view in ``view``, the decision panel in ``panel``."""

from digitalmotor_desktop.gui.stages.gap.view import *  # noqa: F401,F403
