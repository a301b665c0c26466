"""One line per measured figure, for people and for ``python -m benchmarks``.

Each benchmark prints its own detail as before and, for every figure it has a
target for, calls ``figure(...)``: a readable line, plus a tab-separated
``BENCHMARK`` line that ``benchmarks/__main__.py`` collects into one table.
"""

from __future__ import annotations

import json

MARKER = "BENCHMARK\t"


def figure(name: str, value: float, unit: str, target: str = "", ratio: float | None = None,
           baseline: str = "") -> None:
    """``ratio`` is against ``baseline``, measured in the same run."""
    against = f"   {ratio:.2f}x {baseline}" if ratio is not None else ""
    wanted = f"   (target {target})" if target else ""
    print(f"  {name}: {value:.1f} {unit}{against}{wanted}")
    print(MARKER + json.dumps({"name": name, "value": value, "unit": unit, "target": target, "ratio": ratio,
                               "baseline": baseline}, ensure_ascii=False), flush=True)


def parse(output: str) -> list[dict]:
    return [json.loads(line[len(MARKER):]) for line in output.splitlines() if line.startswith(MARKER)]
