"""Hypothesis profile of the hardening tests: fixed seed, bounded examples, no deadline.

``derandomize=True`` makes every run draw the same examples (CI is reproducible, a failure
reproduces locally); ``max_examples`` keeps the whole directory well under a minute. Set
``TOMTAT_HARDENING_SCALE=10`` for a ten-times longer local run of the same properties.

The profile is registered, not loaded: tests apply it with ``@settings(PROFILE, ...)`` (see
:func:`profile`), so other test directories keep their own hypothesis settings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# the helpers next to this file (hardening_gen, hsettings) import under any --import-mode
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

SCALE = max(1, int(os.environ.get("TOMTAT_HARDENING_SCALE", "1") or 1))

settings.register_profile(
    "tomtat-hardening",
    derandomize=True,
    deadline=None,
    max_examples=50 * SCALE,
    database=None,
    print_blob=True,
    suppress_health_check=(HealthCheck.too_slow, HealthCheck.data_too_large),
)
