"""Cheap look-ahead gates put in front of the long patterns, so that ``re`` gives up at once where no
match can start.

Python's ``re`` tries a pattern at every position of the text and, for a long alternation, walks every
branch before it fails; most positions of news text start no mention at all. A gate is a look-ahead
listing every word a match can begin with, written as a trie (``trie_pattern``: one branch per first
letter, then per second ...), so a failing position costs a few character tests instead of a walk through
hundreds of branches. A gate only ever rejects positions where the pattern behind it cannot match: the
matches are the same, only found sooner (the tests compare gated and ungated patterns on the gold).
"""

import functools
import re
from collections.abc import Callable, Iterable
from typing import Final

__all__ = [
    "FOLDS_TO_ASCII", "WordGate", "case_classes", "first_char_dispatch", "literal_heads", "lowered", "names_any",
    "trie_pattern",
]

# The only characters outside ASCII that re.IGNORECASE matches to an ASCII letter or digit, or whose
# lower case holds one: dotted capital I, dotless i, long s, Kelvin sign (a test checks every code point).
FOLDS_TO_ASCII: Final[str] = "\u0130\u0131\u017f\u212a"
# Each ASCII letter as a class of every character that matches it under re.IGNORECASE ("[Ssſ]").
_CASE_CLASSES: Final[dict[str, str]] = {
    letter: "[" + letter.upper() + letter + "".join(c for c in FOLDS_TO_ASCII if re.fullmatch(letter, c, re.I)) + "]"
    for letter in "abcdefghijklmnopqrstuvwxyz"
}
PLAIN_HEAD_RE: Final[re.Pattern[str]] = re.compile(r"[\w ,'-]*")


def trie_pattern(words: Iterable[str], *, any_case: bool = False, flexible_spaces: bool = False) -> str:
    """A regex alternation matching exactly ``words`` (as literals), factored into a trie.

    ``trie_pattern(["in", "into", "on"])`` -> ``(?:in(?:to)?|on)``. Like an alternation of the words
    sorted longest first, it takes the longest word that matches at a position. The empty set gives a
    pattern that never matches. ``any_case`` matches the words in any case, as ``(?i:...)`` would, but
    written with the classes of ``case_classes`` inside ``(?-i:...)``: ``re`` rejects a branch that
    starts with a plain class at once, while it enters every branch that ignores case. ``flexible_spaces``
    lets a space in a word match any run of white space (``\\s+``), as ``case_classes`` does.
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word.lower() if any_case else word:
            node = node.setdefault(char, {})
        node[""] = {}
    literal = _any_case if any_case else re.escape
    if flexible_spaces:
        literal = functools.partial(_space_or, literal)
    body = _emit(tree, literal)
    if not body:
        return "(?!)"
    return f"(?-i:{body})" if any_case else body


def first_char_dispatch(groups: Iterable[tuple[Iterable[str], str, bool]]) -> str:
    """A pattern matching where some word of a group, followed by the group's ``tail``, matches -- as
    ``(?:trie(words_1)tail_1|trie(words_2)tail_2|...)`` does -- written with one branch per first character.

    ``groups`` holds ``(words, tail, any_case)``; the words of a group without ``any_case`` match in their
    own case only, even in a pattern that ignores case. In a gate (a look-ahead: only whether some branch
    matches counts, not which) the two forms accept the same positions. ``re`` enters every alternative that opens
    with a group and tests one that opens with a plain character or class by that character alone: the
    grouped form costs an entry per group at each position tried, this one a test per first character and
    an entry only where a word of some group begins.
    """
    branches: dict[str, list[str]] = {}
    for words, tail, any_case in groups:
        by_first: dict[str, list[str]] = {}
        for word in words:
            # (?-i:...) keeps a cased word in its case inside a pattern that ignores case
            first = _any_case(word[0]) if any_case else f"(?-i:{re.escape(word[0])})"
            by_first.setdefault(first, []).append(word[1:])
        for head, rests in by_first.items():
            body = "" if set(rests) == {""} else trie_pattern(rests, any_case=any_case)
            if body and not any_case:
                body = f"(?-i:{body})"
            branches.setdefault(head, []).append(body + tail)
    return "(?:" + "|".join(head + "(?:" + "|".join(tails) + ")" for head, tails in sorted(branches.items())) + ")"


def _emit(node: dict[str, dict], literal: Callable[[str], str]) -> str:
    branches = [literal(char) + _emit(child, literal) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _space_or(literal: Callable[[str], str], char: str) -> str:
    return r"\s+" if char == " " else literal(char)


def _any_case(char: str) -> str:
    return _CASE_CLASSES[char.lower()] if char.isascii() and char.isalpha() else re.escape(char)


def case_classes(word: str) -> str:
    """``word`` as a case-sensitive pattern that matches what ``(?i:word)`` matches: each letter as the
    class of its case forms, a space as ``\\s+``, anything else escaped.

    ``re`` skips an alternative whose first step is a plain character or class that does not match,
    without entering it; it enters every alternative that ignores case. A long alternation of words
    inside an IGNORECASE pattern therefore costs a step per word at each position tried; written as
    ``(?-i:...)`` over these classes, it costs one test per word.
    """
    return "".join(r"\s+" if char == " " else _any_case(char) for char in word)


class WordGate:
    """Answers, far faster, whether ``pattern`` -- the case-insensitive alternation of ``words``, white
    space in a word matching any run of white space -- finds one in a text (``found_in``).

    The text is lower-cased once (and shared by the gates asked about the same text in a row) and searched
    for each word without a space with ``in``, a substring search in C that skips along the text far faster
    than ``re`` walks a trie of the words (``plain``, the same test as one pattern, kept for the tests: the
    trie's first letters are the common ones of English, so ``re`` enters it at most positions); a word
    with a space is looked for with a case-sensitive pattern in the lower-cased text ("new\\s+year"), once
    each of its parts is in the text. Four
    characters outside ASCII match an ASCII letter under ``re.IGNORECASE`` or lower-case to one
    (``FOLDS_TO_ASCII``); a text holding one goes through ``pattern``.
    """

    def __init__(self, words: Iterable[str], pattern: re.Pattern[str]) -> None:
        words = tuple(word.lower() for word in words)  # they are looked for in the lower-cased text
        self.pattern = pattern
        self.plain = re.compile(trie_pattern(w for w in words if " " not in w))
        self.words = tuple(dict.fromkeys(w for w in words if " " not in w))
        self.spaced = tuple(
            (tuple(w.split(" ")), re.compile(r"\s+".join(map(re.escape, w.split(" "))))) for w in words if " " in w
        )

    def found_in(self, text: str) -> bool:
        """True exactly when ``self.pattern.search(text)`` finds a match."""
        lower = lowered(text)
        if lower is None:
            return self.pattern.search(text) is not None
        for word in self.words:  # ``self.plain.search(lower) is not None``, word by word (see above)
            if word in lower:
                return True
        if not self.spaced:
            return False
        # a spaced word is in the text only if each of its parts is; then its pattern on the lower-cased
        # text ("new\s+year", case-sensitive: re skips along to its first letters in C) tells. Plain
        # loops: ``any``/``all`` over generators cost more in their calls than the tests themselves.
        for parts, spaced in self.spaced:
            for part in parts:
                if part not in lower:
                    break
            else:
                if spaced.search(lower) is not None:
                    return True
        return False


@functools.lru_cache(maxsize=4)
def lowered(text: str) -> str | None:
    """``text`` lower-cased, or None when it holds a character of ``FOLDS_TO_ASCII``; when not None, of
    the same length (only one of those characters lower-cases to two). Remembered for the last few texts:
    the gates of one extraction ask about the same text one after the other."""
    if not text.isascii() and any(map(text.__contains__, FOLDS_TO_ASCII)):
        return None
    return text.lower()


@functools.lru_cache(maxsize=32)
def _gate(words: tuple[str, ...], pattern: re.Pattern[str]) -> WordGate:
    return WordGate(words, pattern)


def names_any(text: str, words: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """True when ``pattern`` -- the case-insensitive alternation of ``words`` -- finds one in ``text``:
    ``WordGate(words, pattern).found_in(text)``, the gate built once per word list."""
    return _gate(words, pattern).found_in(text)


def literal_heads(pattern: str) -> list[str]:
    """The literal text every match of each top-level alternative of ``pattern`` begins with.

    ``literal_heads(r"donat(?:e|ion)\\b|payment methods?")`` -> ``["donat", "payment method"]``: the
    plain characters up to the first group, class, escape or repeat (a repeated character is left out).
    A gate of these heads is therefore a superset of the pattern's starts.
    """
    alternatives, depth, current = [], 0, ""
    for char in pattern:
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            alternatives.append(current)
            current = ""
        else:
            current += char
    heads = []
    for alternative in [*alternatives, current]:
        head = PLAIN_HEAD_RE.match(alternative).group()
        if alternative[len(head) : len(head) + 1] in ("?", "*", "{"):
            head = head[:-1]
        heads.append(head)
    return heads
