"""Scripts and languages for the rules DL401-DL406: the script of a letter, the language data
(``rules/language.yaml``), word counts by script and language identification.

The prose these read (masked paragraphs, their sentences) is :mod:`digestlint.analysis.prose`'s
(``doc.language_prose()``); nothing here masks or splits text.

Language identification is decided from Unicode script shares of the words first; langdetect
(made deterministic with seed 0) is called only where the shares do not settle it, and its
profiles are loaded lazily, only the few configured in ``rules/language.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from digestlint import data

# --------------------------------------------------------------------------- scripts

_RANGES = (
    (0x0041, 0x005A, "Latin"), (0x0061, 0x007A, "Latin"), (0x00AA, 0x00AA, "Latin"),
    (0x00B5, 0x00B5, "Greek"), (0x00BA, 0x00BA, "Latin"), (0x00C0, 0x02FF, "Latin"),
    (0x0370, 0x03FF, "Greek"), (0x0400, 0x052F, "Cyrillic"), (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic"), (0x0900, 0x097F, "Devanagari"),
    (0x0E00, 0x0E7F, "Thai"), (0x1100, 0x11FF, "Hangul"), (0x1D00, 0x1DBF, "Latin"),
    (0x1E00, 0x1EFF, "Latin"), (0x1F00, 0x1FFF, "Greek"), (0x2070, 0x209F, "Latin"),
    (0x2100, 0x214F, None),  # letterlike symbols (ℓ, ℝ, ℕ): symbols, not a script
    (0x3005, 0x3007, "Han"), (0x3040, 0x309F, "Hiragana"), (0x30A0, 0x30FF, "Katakana"),
    (0x3130, 0x318F, "Hangul"), (0x31F0, 0x31FF, "Katakana"), (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"), (0xA960, 0xA97F, "Hangul"), (0xAC00, 0xD7A3, "Hangul"),
    (0xD7B0, 0xD7FF, "Hangul"), (0xF900, 0xFAFF, "Han"), (0xFF21, 0xFF3A, "Latin"),
    (0xFF41, 0xFF5A, "Latin"), (0xFF66, 0xFF9F, "Katakana"), (0xFFA0, 0xFFDC, "Hangul"),
    (0x1D400, 0x1D7FF, None),  # mathematical alphanumerics
    (0x20000, 0x2FA1F, "Han"),
)


@functools.lru_cache(maxsize=4096)  # bounded: a post with every letter of Unicode costs lookups, not memory
def script_of(ch: str) -> Optional[str]:
    """The script of a letter (``Hangul``, ``Latin``, ``Han`` ...), None for anything else."""
    result: Optional[str] = None
    if ch.isalpha():
        cp = ord(ch)
        result = "Other"
        for lo, hi, name in _RANGES:
            if lo <= cp <= hi:
                result = name
                break
            if cp < lo:
                break
    return result


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or script_of(ch) == "Hangul"


# --------------------------------------------------------------------------- data

@functools.lru_cache(maxsize=None)
def language_data() -> dict:
    return data.load("language.yaml")


def base_language(code: str) -> str:
    return (code or "ko").split("-")[0].lower()


def language_name(code: str) -> str:
    names = language_data().get("language_names", {})
    return names.get(code, names.get(base_language(code), code))


# --------------------------------------------------------------------------- words and language

_TOKEN_RE = re.compile(r"\S+")
_LATIN_TOKEN_RE = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f]*(?:['’\-_/.][A-Za-z0-9\u00c0-\u024f]+)*")


def is_technical_term(tok: str) -> bool:
    """Acronyms, CamelCase and model names (`LoRA`, `GPT-4o`, `ViMoGen-228K`, `Mixture-of-Experts`)."""
    if any(c.isdigit() for c in tok):
        return True
    if any(c.isupper() for c in tok[1:]):
        return True
    return any(c in "-_/." for c in tok)


_UNSPACED = frozenset({"Han", "Hiragana", "Katakana", "Thai"})
# a token with a Hangul syllable (from the syllable to the token's end: one match per token)
_HANGUL_TOKEN_RE = re.compile("[\uac00-\ud7a3]\\S*")
# any character of the blocks of the scripts in _UNSPACED (a superset: letters or not)
_UNSPACED_RE = re.compile("[\u0e00-\u0e7f\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
                          "\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]")


@dataclass
class WordStats:
    words: int = 0  # words counted (technical terms excluded)
    target: int = 0  # words with letters of the target script
    latin: int = 0  # Latin-only words (not technical terms)
    function: int = 0  # English function words among them
    other: int = 0  # words in other scripts
    scripts: dict = field(default_factory=dict)  # script -> words


@functools.lru_cache(maxsize=None)
def _function_words() -> frozenset:
    return frozenset(w.lower() for w in language_data().get("english_function_words", []))


def word_stats(text: str, target_script: str) -> WordStats:
    st = WordStats(scripts={})
    fw = _function_words()
    for m in _TOKEN_RE.finditer(text):
        tok = m.group()
        seen = set()
        for ch in tok:
            s = script_of(ch)
            if s is not None:
                seen.add(s)
        if not seen:
            continue
        if target_script in seen and target_script != "Latin":
            st.words += 1
            st.target += 1
            st.scripts[target_script] = st.scripts.get(target_script, 0) + 1
            continue
        if seen == {"Latin"}:
            lm = _LATIN_TOKEN_RE.search(tok)
            word = lm.group() if lm else tok
            if is_technical_term(word):
                continue
            st.words += 1
            st.latin += 1
            if target_script == "Latin":
                st.target += 1
            if word.lower() in fw:
                st.function += 1
            st.scripts["Latin"] = st.scripts.get("Latin", 0) + 1
            continue
        main = sorted(seen - {"Latin"})[0] if seen - {"Latin"} else "Latin"
        # scripts written without spaces: about two characters a word
        n = max(1, sum(1 for ch in tok if script_of(ch) in _UNSPACED) // 2) if seen & _UNSPACED else 1
        st.words += n
        st.other += n
        st.scripts[main] = st.scripts.get(main, 0) + n
    return st


_SCRIPT_LANG = {"Hangul": "ko", "Hiragana": "ja", "Katakana": "ja", "Cyrillic": None, "Han": None,
                "Greek": "el", "Arabic": "ar", "Hebrew": "he", "Thai": "th", "Devanagari": "hi"}


def identify(text: str, target: str = "ko", min_words: int = 4, long_words: int = 8) -> Optional[str]:
    """The language of a masked unit of prose, or None when it is too short or undecided.

    Script shares first: most target-script words -> target; Latin-only prose with English
    function words -> ``en``; langdetect only for the rest."""
    target = base_language(target)
    tscript = language_data().get("target_script", {}).get(target, "Latin")
    if tscript == "Hangul" and hangul_shortcut(text, min_words):
        return target
    return identify_reference(text, target, min_words, long_words)


def hangul_shortcut(text: str, min_words: int = 4) -> bool:
    """Does the script-share shortcut decide that ``text`` is in a Hangul target language?

    It has the same verdict as the full count of :func:`identify_reference`: a token holding a
    Hangul syllable is a target word; without letters of scripts written unspaced, every other
    token counts at most one word, so ``hangul * 2 >= tokens`` implies ``target * 2 >= words``
    (and ``hangul >= min_words`` implies ``words >= min_words``). tests/test_prose_properties.py
    checks the claim against the full count."""
    hangul = len(_HANGUL_TOKEN_RE.findall(text))
    return hangul >= min_words and hangul * 2 >= len(text.split()) and not _UNSPACED_RE.search(text)


def identify_reference(text: str, target: str = "ko", min_words: int = 4, long_words: int = 8) -> Optional[str]:
    """:func:`identify` without the Hangul shortcut: the word count by script, langdetect for
    what it leaves undecided."""
    target = base_language(target)
    tscript = language_data().get("target_script", {}).get(target, "Latin")
    st = word_stats(text, tscript)
    if st.words < min_words:
        return None
    if tscript != "Latin":
        if st.target * 2 >= st.words:
            return target
        if st.target == 0 and st.other == 0:  # Latin-only prose
            if st.function * 7 >= st.words and st.function:
                return "en"
            if st.words < long_words:
                return None  # a few terms or names, not prose
            found = detect(text, target)
            # without English function words, "English" is a list of terms, not prose
            return None if found == "en" and st.function == 0 else found
    elif st.other == 0 and st.function * 5 >= st.words and target == "en":
        return "en"
    if st.latin == 0 and st.target == 0:
        top = max(st.scripts, key=lambda k: st.scripts[k])
        lang = _SCRIPT_LANG.get(top)
        if lang is not None and len(st.scripts) == 1:
            return lang
    return detect(text, target)


@functools.lru_cache(maxsize=None)
def _factory(target: str):
    import importlib.resources as res
    from langdetect.detector_factory import DetectorFactory

    wanted = list(dict.fromkeys([*language_data().get("langdetect_profiles", []), target]))
    profiles = []
    base = res.files("langdetect") / "profiles"
    for name in wanted:
        p = base / name
        if p.is_file():
            profiles.append(p.read_text(encoding="utf-8"))
    factory = DetectorFactory()
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def detect(text: str, target: str = "ko", min_prob: float = 0.9) -> Optional[str]:
    """langdetect's top language (``zh-cn``/``zh-tw`` -> ``zh``) when at least ``min_prob`` sure."""
    from langdetect.lang_detect_exception import LangDetectException

    try:
        det = _factory(base_language(target)).create()
        det.append(" ".join(text.split()))
        probs = det.get_probabilities()
    except LangDetectException:
        return None
    if not probs or probs[0].prob < min_prob:
        return None
    return base_language(probs[0].lang)


# --------------------------------------------------------------------------- helpers

def word_at(text: str, start: int, end: int, limit: int = 40) -> tuple[int, int]:
    """The whitespace-delimited word around ``text[start:end]`` (at most ``limit`` more characters
    on each side, so a line without spaces costs no more than a normal one)."""
    s = start
    lo = max(0, start - limit)
    while s > lo and not text[s - 1].isspace():
        s -= 1
    e = end
    hi = min(len(text), end + limit)
    while e < hi and not text[e].isspace():
        e += 1
    return s, e
