"""Words and phrases of a message in any script, without a downloaded model.

Text is normalised (NFKC, lower case, combining marks dropped), URLs, e-mail
addresses, HTML tags and anything holding a digit (order numbers, amounts) are
left out; the Arabic article (ال) is cut from longer words, and nothing else is
stemmed (``refund`` and ``refunds``, Hebrew ``החזר`` and ``ההחזר`` stay apart). Scripts written with spaces give words (and each pair of neighbouring
words within a clause, as a phrase); scripts written without spaces (Chinese, Japanese, Korean,
Thai, Lao, Khmer, Myanmar) give character bigrams, which need no dictionary.

Examples
--------
>>> tokens("Hi! My parcel #48213 never arrived, <b>where</b> is it?")
['parcel', 'never', 'arrived', 'never arrived']
>>> tokens("我要申请退款")
['我要', '要申', '申请', '请退', '退款']
>>> tokens("لم يصل طلبي")
['لم', 'يصل', 'طلبي', 'لم يصل', 'يصل طلبي']
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_MARKUP: Final = re.compile(r"<[^>]{0,200}>|https?://\S+|www\.\S+|\S+@\S+|&[a-z]+;")
_RUN: Final = re.compile(r"\w+")
_CLAUSE: Final = re.compile(r"[^\w\s]+")

_UNSPACED_RANGES: Final = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
)
_UNSPACED: Final = re.compile(f"([{_UNSPACED_RANGES}]+)")
_MARKS: Final = re.compile(r"[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670]")

_STOPWORD_TEXT: Final = """
    a an the and or but if of to in on at for with from by as is are was were be been am do
    does did have has had i me my we our you your he she it its they them this that these
    those there here what which who how when where why can could would should will shall may
    not no yes ok okay so just please pls thanks thank hi hello hey dear good morning
    afternoon evening team support help need want get got still any some all also very too
    again now then than up out about into over after before more most only one two
    el la los las un una y o de del en por para con que es mi me se lo al su hola gracias
    le les des du et ou je tu il elle nous vous ils ma mon mes est pas pour avec sur bonjour
    merci salut der die das und oder ein eine ich du er sie wir ihr mein meine ist nicht mit
    für auf von zu im hallo danke bitte guten tag o os as um uma eu meu minha não com oi olá
    obrigado obrigada и в не на я что с по мой моя это привет здравствуйте спасибо
    في من على إلى عن أن هذا هذه مرحبا شكرا السلام عليكم
    של את על זה אני לא עם שלום היי תודה
"""
STOPWORDS: Final = frozenset(_STOPWORD_TEXT.split())
"""Function words and greetings of the emulated languages: never a topic's name."""


def normalise(text: str) -> str:
    """NFKC, lower case, combining marks removed, markup and links blanked.

    >>> normalise("ＲＥＦＵＮＤ <i>now</i>")
    'refund  now '
    """
    folded = _MARKUP.sub(" ", unicodedata.normalize("NFKC", text).lower())
    if folded.isascii():
        return folded
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", folded)))


def tokens(text: str) -> list[str]:
    """The words, word pairs and character bigrams of ``text`` (see the module docstring)."""
    words: list[str] = []
    grams: list[str] = []
    for clause in _CLAUSE.split(normalise(text)):
        _clause_tokens(clause, words, grams)
    return words + grams


def _clause_tokens(clause: str, words: list[str], grams: list[str]) -> None:
    """Add the words and grams of one clause (phrases never cross punctuation)."""
    previous: str | None = None
    for index, part in enumerate(_UNSPACED.split(clause)):
        if index % 2:  # a run of a script written without spaces
            previous = None
            if len(part) == 1:
                grams.append(part)
            grams.extend(part[i : i + 2] for i in range(len(part) - 1))
            continue
        for word in _RUN.findall(part):
            if len(word) < 2 or word in STOPWORDS or any(ch.isdigit() for ch in word):
                previous = None
                continue
            if word.startswith("ال") and len(word) > 4:
                word = word[2:]  # the Arabic article
            words.append(word)
            if previous is not None:
                grams.append(f"{previous} {word}")
            previous = word
