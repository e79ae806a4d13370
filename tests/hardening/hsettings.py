"""``profile(n)``: the hardening hypothesis profile (tests/hardening/conftest.py) with n examples."""

from __future__ import annotations

import os

from hypothesis import settings

SCALE = max(1, int(os.environ.get("TOMTAT_HARDENING_SCALE", "1") or 1))


def profile(max_examples: int) -> settings:
    return settings(settings.get_profile("tomtat-hardening"), max_examples=max_examples * SCALE)
