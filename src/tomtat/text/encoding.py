"""Bytes -> text, and automatic repair of legacy Vietnamese encodings and mojibake.

Vietnamese text on the web and in archives still arrives in pre-Unicode encodings:

* **TCVN3 / ABC** (TCVN 5712:1993, the ``.VnTime`` fonts): one byte per letter,
  "Việt Nam" -> bytes that read as ``ViÖt Nam`` in cp1252;
* **VNI** (VNI-Windows fonts): a base letter followed by a diacritic byte,
  "Việt Nam" -> ``Vieät Nam``;
* **VISCII** (RFC 1456): one byte per letter, including six C0 control positions;
* **windows-1258** (cp1258): base letters plus combining tone marks;
* **UTF-8 mojibake**: UTF-8 bytes decoded as cp1252/latin-1, "Việt Nam" -> ``Viá»‡t Nam``.

The first three usually reach us already *decoded as cp1252/latin-1* (a browser, an editor or a
scraper guessed wrong), so everything is handled in one place, :func:`repair`, working on text:
each line is converted with every candidate table and the candidate is kept only if it turns
markedly more words into well-formed Vietnamese syllables (:mod:`tomtat.text.syllable`). Correct
Vietnamese, English, French, German, Russian ... are left untouched because no candidate
improves them. :func:`decode_bytes` turns raw bytes into text (BOM, UTF-8, UTF-16, then the
legacy encodings, then charset-normalizer for everything else) and calls :func:`repair`.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from collections.abc import Callable

from ..errors import InputError
from .syllable import has_vietnamese_letters, is_valid_syllable

# --------------------------------------------------------------------------------------------
# The "cp1252 view": every byte 0x00-0xFF as the character a cp1252 (or latin-1) decoder shows.
# Legacy tables below are keyed by that character, so they apply to text decoded either way.


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D are undefined in cp1252
        return chr(byte)


_BYTE_CHARS = [_cp1252_char(b) for b in range(256)]
# Characters of the view -> byte (the latin-1 C1 controls map to their byte too).
_CHAR_TO_BYTE = {ch: b for b, ch in enumerate(_BYTE_CHARS)}
for _b in range(0x80, 0xA0):
    _CHAR_TO_BYTE.setdefault(chr(_b), _b)


def _table(high: list[int], low: dict[int, int] | None = None) -> dict[int, str]:
    """str.translate table from the cp1252 view of bytes 0x80-0xFF (+ some C0 bytes)."""
    table: dict[int, str] = {}
    for offset, code in enumerate(high):
        byte = 0x80 + offset
        if code != byte:
            table[ord(_BYTE_CHARS[byte])] = chr(code)
            if byte < 0xA0:
                table[byte] = chr(code)  # the same byte read as latin-1
    for byte, code in (low or {}).items():
        table[byte] = chr(code)
    return table


# TCVN 5712:1993 (VN1 repertoire; the ABC/VN3 fonts use its 0xA1-0xFF lower-case half, and
# write capitals with a separate font over the same codes).
_TCVN3_HIGH = [
    # 0x80
    0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,
    0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,
    # 0x90
    0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,
    0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,
    # 0xA0
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    # 0xB0 (0xB0-0xB4 are combining tone marks)
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    # 0xC0
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    # 0xD0
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    # 0xE0
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    # 0xF0
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
]  # fmt: skip
_TCVN3_LOW = {
    0x01: 0x00DA, 0x02: 0x1EE4, 0x04: 0x1EEA, 0x05: 0x1EEC, 0x06: 0x1EEE,
    0x11: 0x1EE8, 0x12: 0x1EF0, 0x13: 0x1EF2, 0x14: 0x1EF6, 0x15: 0x1EF8,
    0x16: 0x00DD, 0x17: 0x1EF4,
}  # fmt: skip

# VISCII (RFC 1456).
_VISCII_HIGH = [
    # 0x80
    0x1EA0, 0x1EAE, 0x1EB0, 0x1EB6, 0x1EA4, 0x1EA6, 0x1EA8, 0x1EAC,
    0x1EBC, 0x1EB8, 0x1EBE, 0x1EC0, 0x1EC2, 0x1EC4, 0x1EC6, 0x1ED0,
    # 0x90
    0x1ED2, 0x1ED4, 0x1ED6, 0x1ED8, 0x1EE2, 0x1EDA, 0x1EDC, 0x1EDE,
    0x1ECA, 0x1ECE, 0x1ECC, 0x1EC8, 0x1EE6, 0x0168, 0x1EE4, 0x1EF2,
    # 0xA0
    0x00D5, 0x1EAF, 0x1EB1, 0x1EB7, 0x1EA5, 0x1EA7, 0x1EA9, 0x1EAD,
    0x1EBD, 0x1EB9, 0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7, 0x1ED1,
    # 0xB0
    0x1ED3, 0x1ED5, 0x1ED7, 0x1EE0, 0x01A0, 0x1ED9, 0x1EDD, 0x1EDF,
    0x1ECB, 0x1EF0, 0x1EE8, 0x1EEA, 0x1EEC, 0x01A1, 0x1EDB, 0x01AF,
    # 0xC0
    0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x1EA2, 0x0102, 0x1EB3, 0x1EB5,
    0x00C8, 0x00C9, 0x00CA, 0x1EBA, 0x00CC, 0x00CD, 0x0128, 0x1EF3,
    # 0xD0
    0x0110, 0x1EE9, 0x00D2, 0x00D3, 0x00D4, 0x1EA1, 0x1EF7, 0x1EEB,
    0x1EED, 0x00D9, 0x00DA, 0x1EF9, 0x1EF5, 0x00DD, 0x1EE1, 0x01B0,
    # 0xE0
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x1EA3, 0x0103, 0x1EEF, 0x1EAB,
    0x00E8, 0x00E9, 0x00EA, 0x1EBB, 0x00EC, 0x00ED, 0x0129, 0x1EC9,
    # 0xF0
    0x0111, 0x1EF1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x1ECF, 0x1ECD,
    0x1EE5, 0x00F9, 0x00FA, 0x0169, 0x1EE7, 0x00FD, 0x1EE3, 0x1EEE,
]  # fmt: skip
_VISCII_LOW = {0x02: 0x1EB2, 0x05: 0x1EB4, 0x06: 0x1EAA, 0x14: 0x1EF6, 0x19: 0x1EF8, 0x1E: 0x1EF4}

_TCVN3 = _table(_TCVN3_HIGH, _TCVN3_LOW)
_VISCII = _table(_VISCII_HIGH, _VISCII_LOW)

# VNI-Windows: a base letter followed by a diacritic byte (shown here in its cp1252 view).
# Lower-case diacritic bytes; the upper-case font uses the upper-case counterparts.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {
    "â": "",
    "á": "\u0301",
    "à": "\u0300",
    "å": "\u0309",
    "ã": "\u0303",
    "ä": "\u0323",
}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Single bytes: đ, ơ, ư, and the i-with-tone / ỵ letters.
_VNI_SINGLE = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ",
    "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip


_VNI_WRITTEN = {"ơ": "ô", "ư": "ö", "Ơ": "Ô", "Ư": "Ö"}


def _build_vni() -> dict[str, str]:
    """Two-character VNI sequences (cp1252 view) -> precomposed Vietnamese letters."""
    pairs: dict[str, str] = {}

    def add(base: str, mark: str, combining: str) -> None:
        for b, m in ((base, mark), (base.upper(), mark.upper())):
            pairs[_VNI_WRITTEN.get(b, b) + m] = unicodedata.normalize("NFC", b + combining)

    for vowel in "aeouyơư":
        for mark, tone in _VNI_TONES.items():
            add(vowel, mark, tone)
    for vowel in "aeo":
        for mark, extra in _VNI_CIRCUMFLEX.items():
            add(vowel, mark, "\u0302" + extra)
    for mark, extra in _VNI_BREVE.items():
        add("a", mark, "\u0306" + extra)
    return pairs


_VNI_PAIRS = _build_vni()
_VNI_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_PAIRS, key=len, reverse=True))
    + "|["
    + re.escape("".join(_VNI_SINGLE))
    + "]"
)


def _vni(text: str) -> str:
    return _VNI_RE.sub(lambda m: _VNI_PAIRS.get(m[0]) or _VNI_SINGLE[m[0]], text)


def _tcvn3(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TCVN3))


def _viscii(text: str) -> str:
    return text.translate(_VISCII)


_UTF8_RUN = re.compile("[" + re.escape("".join(_CHAR_TO_BYTE)[128:]) + "]{2,}")


def _utf8_mojibake(text: str) -> str:
    """Undo UTF-8 bytes that were decoded as cp1252/latin-1 (``Viá»‡t`` -> ``Việt``)."""
    try:
        import ftfy
    except ImportError:  # pragma: no cover - ftfy is a core dependency
        return _UTF8_RUN.sub(_redecode_run, text)
    return ftfy.fix_encoding(text)


def _redecode_run(m: re.Match[str]) -> str:
    data = bytes(_CHAR_TO_BYTE[c] for c in m[0])
    return data.decode("utf-8", errors="ignore") or m[0]


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode Vietnamese text in a legacy encoding ("tcvn3", "vni", "viscii").

    The inverse of the tables above, used to test round trips and to produce legacy samples.
    Letters a table cannot hold fall back to their lower-case form (as the TCVN3 ABC fonts
    do), then to "?".
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "vni":
        inverse = {v: k for k, v in _VNI_SINGLE.items()}
        inverse.update({v: k for k, v in _VNI_PAIRS.items()})
    elif encoding in ("tcvn3", "viscii"):
        high, low = (
            (_TCVN3_HIGH, _TCVN3_LOW) if encoding == "tcvn3" else (_VISCII_HIGH, _VISCII_LOW)
        )
        inverse = {chr(code): _BYTE_CHARS[0x80 + i] for i, code in enumerate(high)}
        inverse.update({chr(code): chr(byte) for byte, code in low.items()})
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}: use tcvn3, vni or viscii")
    out = bytearray()
    for ch in text:
        if ch.isascii():
            out.append(ord(ch))
            continue
        written = inverse.get(ch) or inverse.get(ch.lower())
        if written is None:
            out += b"?"
        else:
            out += bytes(_CHAR_TO_BYTE[c] for c in written)
    return bytes(out)


#: Candidate conversions tried by :func:`repair`, by name.
CANDIDATES: dict[str, Callable[[str], str]] = {
    "utf-8-mojibake": _utf8_mojibake,
    "tcvn3": _tcvn3,
    "vni": _vni,
    "viscii": _viscii,
}

# --------------------------------------------------------------------------------------------
# Scoring: how Vietnamese does a piece of text look?

_TOKEN_SPLIT = re.compile(r"[\s\-/–—]+")
_EDGE = "\"'“”‘’«»()[]{}<>.,;:!?…*|"
_LEGACY_CHARS = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122\x01-\x06\x11-\x17\x19\x1e]"
)


def score(text: str) -> tuple[int, int]:
    """(valid, invalid): non-ASCII words that are / are not well-formed Vietnamese syllables."""
    valid = invalid = 0
    for raw in _TOKEN_SPLIT.split(text):
        token = raw.strip(_EDGE)
        if not token or token.isascii():
            continue
        token = unicodedata.normalize("NFC", token)
        if token.isalpha() and is_valid_syllable(token):
            # one-letter words ("à", "ở", "Ộ") are too easy to produce by accident to count
            valid += len(token) > 1
        elif not token.isnumeric():
            invalid += 1
    return valid, invalid


def _value(counts: tuple[int, int]) -> int:
    return counts[0] - 2 * counts[1]


def _best_candidate(line: str) -> tuple[str, str, int] | None:
    """Best (name, converted, gain) for one line, or None if no candidate helps it."""
    before = score(line)
    base = _value(before)
    best: tuple[str, str, int] | None = None
    for name, convert in CANDIDATES.items():
        converted = convert(line)
        if converted == line:
            continue
        valid, invalid = score(converted)
        gain = valid - 2 * invalid - base
        # The conversion must remove broken words, not only add plausible ones.
        if invalid >= before[1] or valid <= invalid:
            continue
        if gain > 0 and (best is None or gain > best[2]):
            best = (name, converted, gain)
    return best


def detect(text: str) -> str | None:
    """Name of the legacy encoding / mojibake that :func:`repair` would undo, or None."""
    names = _line_choices(text)
    if not names:
        return None
    counts: dict[str, int] = {}
    for name, _, _ in names.values():
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: counts[k])


def _line_choices(text: str) -> dict[int, tuple[str, str, int]]:
    choices: dict[int, tuple[str, str, int]] = {}
    for i, line in enumerate(text.split("\n")):
        # Lines that already hold Vietnamese-only Unicode letters are correct Unicode text;
        # lines without any character a legacy decoding would show cannot be mojibake.
        if line.isascii() or has_vietnamese_letters(line) or not _LEGACY_CHARS.search(line):
            continue
        found = _best_candidate(line)
        if found is not None:
            choices[i] = found
    return choices


def repair(text: str) -> str:
    """Detect and convert legacy-encoded Vietnamese and UTF-8 mojibake, line by line.

    A line is converted only if a candidate conversion gains clearly in well-formed Vietnamese
    syllables (gain >= 2, or >= 1 when the same conversion won elsewhere in the text, since a
    document is usually in one encoding). Everything else is returned unchanged.
    """
    if text.isascii():
        return text
    choices = _line_choices(text)
    if not choices:
        return text
    wins: dict[str, int] = {}
    for name, _, gain in choices.values():
        if gain >= 2:
            wins[name] = wins.get(name, 0) + 1
    dominant = max(wins, key=lambda k: wins[k]) if wins else None
    lines = text.split("\n")
    for i, (name, converted, gain) in choices.items():
        if gain >= 2 or (name == dominant and gain >= 1):
            lines[i] = converted
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Bytes -> text

_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh",
    b"\x7fELF", b"MZ", b"\xd0\xcf\x11\xe0", b"Rar!", b"7z\xbc\xaf", b"\x00\x00\x01\x00",
    b"ID3", b"OggS", b"RIFF", b"\x28\xb5\x2f\xfd", b"SQLite format 3",
)  # fmt: skip
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that text never contains (legacy Vietnamese tables use a few C0 positions,
# which are therefore allowed: 0x01-0x06, 0x11-0x17, 0x19, 0x1E).
_BAD_CONTROLS = (
    frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B} - set(_TCVN3_LOW) - set(_VISCII_LOW)
)
_BAD_CONTROL_BYTES = bytes(sorted(_BAD_CONTROLS))  # for bytes.translate (counted in C)


def _binary(data: bytes, name: str) -> InputError:
    return InputError(
        f"{name}: looks like a binary file, not text; give a .txt, .html or .json file"
    )


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' if NULs sit at alternating positions as in ASCII-heavy UTF-16."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _legacy_vietnamese(data: bytes) -> str | None:
    """Decode bytes in a legacy Vietnamese encoding, if one clearly fits; else None."""
    view = "".join(_BYTE_CHARS[b] for b in data)
    candidates = {"cp1252": view}
    with contextlib.suppress(UnicodeDecodeError):
        candidates["cp1258"] = unicodedata.normalize("NFC", data.decode("cp1258"))
    candidates["tcvn3"] = _tcvn3(view)
    candidates["vni"] = _vni(view)
    candidates["viscii"] = _viscii(view)
    scored = {k: score(v) for k, v in candidates.items()}
    best = max(scored, key=lambda k: _value(scored[k]))
    valid, invalid = scored[best]
    if best != "cp1252" and valid >= 2 and valid >= 3 * invalid:
        return candidates[best]
    return None


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Decode file bytes to text, repairing legacy Vietnamese encodings and mojibake.

    Order: a BOM (UTF-8/16/32); UTF-16 without BOM; strict UTF-8; the legacy Vietnamese
    encodings (windows-1258, TCVN3, VNI, VISCII), chosen by Vietnamese syllable validity; then
    charset-normalizer for other languages' encodings. Raises :class:`InputError` for binary
    data ("looks like a binary file") and for bytes no encoding explains.
    """
    if not data:
        return ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return repair(data.decode(codec))
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()}; re-save it as UTF-8"
                ) from None
    sample = data[:8192]
    if any(sample.startswith(m) for m in _BINARY_MAGIC):
        raise _binary(data, name)
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16 is None:
            raise _binary(data, name)
        try:
            return repair(data.decode(utf16))
        except UnicodeDecodeError:
            raise _binary(data, name) from None
    bad = len(sample) - len(sample.translate(None, _BAD_CONTROL_BYTES))
    if bad > max(2, len(sample) // 100):
        raise _binary(data, name)
    try:
        return repair(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = _legacy_vietnamese(data)
    if text is not None:
        return text
    return _charset_normalizer(data, name)


def _charset_normalizer(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise InputError(
            f"{name}: cannot decode: not UTF-8, not a known Vietnamese encoding "
            "(TCVN3, VNI, VISCII, windows-1258) and no other encoding fits; re-save it as UTF-8"
        )
    return repair(str(match))
