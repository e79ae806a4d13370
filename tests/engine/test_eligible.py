"""The eligibility filter's caption test: its shortcut agrees with the full pattern."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.engine.eligible import _CAPTION, _caption

_CAPTION_PIECES = ["Ảnh:", "ẢNH: ", "Photo:", "(Ảnh minh họa)", "(ảnh: TTXVN)", " | ", "|",
                   "Video:", "CLIP :", "Nguồn ảnh: Reuters", "Người dân", "chụp ảnh", "TTXVN",
                   ".", " ", "Hà Nội", "photos", "Ảnh"]  # fmt: skip


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_CAPTION_PIECES), max_size=8).map("".join))
def test_the_caption_shortcut_agrees_with_the_pattern(text):
    assert _caption(text) == (_CAPTION.search(text) is not None)
