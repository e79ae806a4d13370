"""The eligibility filter's shortcuts agree with the full tests: the caption pattern, and the
word count of a title key."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.engine.eligible import _CAPTION, _caption, _title_key, _title_words

_CAPTION_PIECES = ["Ảnh:", "ẢNH: ", "Photo:", "(Ảnh minh họa)", "(ảnh: TTXVN)", " | ", "|",
                   "Video:", "CLIP :", "Nguồn ảnh: Reuters", "Người dân", "chụp ảnh", "TTXVN",
                   ".", " ", "Hà Nội", "photos", "Ảnh"]  # fmt: skip


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_CAPTION_PIECES), max_size=8).map("".join))
def test_the_caption_shortcut_agrees_with_the_pattern(text):
    assert _caption(text) == (_CAPTION.search(text) is not None)


_TITLE_PIECES = ["Thoả", "thuận", "HOÀ", "bình", "…", "...", ".", "?!", ":", "Hà Nội:", "ông.",
                 "`", "“Ổn”", "K", "19/11", " ", "  ", "\t", "\u00a0", "–", "ý"]  # fmt: skip


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_TITLE_PIECES), max_size=9).map(" ".join))
def test_the_title_word_count_shortcut_agrees_with_the_title_key(text):
    key = _title_key(text)
    if key:  # an empty key matches no title
        assert len(key.split()) == _title_words(text, len(text.split()))
