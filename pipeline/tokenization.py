"""The project's word tokens: runs of letters, numbers, links and single other characters.

ANERcorp is tokenised this way (clitics stay attached, punctuation stands apart), so the NER
models see the same units at run time as in training; the rule-based segmenter uses it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

LINE = re.compile(r"[^\n]+")  # a line of text: titles and paragraphs never run together
TOKEN = re.compile(
    r"""
      https?://\S+ | www\.\S+                # links
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+            # e-mail addresses
    | \d+(?:[.,:/]\d+)*%?                     # numbers, times, dates
    | [^\W\d_]+                               # a run of letters
    | \S                                      # any other character on its own
    """,
    re.VERBOSE,
)

# A "sentence" longer than this (a list, a feed without punctuation) is cut into pieces: taggers,
# parsers and the events stage then work on bounded units whatever the input.
MAX_SENTENCE_TOKENS = 150
SENTENCE_ENDS = frozenset({".", "!", "?", "؟", "…"})
CLAUSE_BREAKS = frozenset({",", "،", ";", "؛", ":"})


def bounded_spans(
    text: str, start: int, end: int, max_tokens: int = MAX_SENTENCE_TOKENS
) -> Iterator[tuple[int, int]]:
    """`text[start:end]` in pieces of at most `max_tokens` tokens.

    A piece ends after the last sentence end of its second half, else after its last clause
    break (comma, semicolon, colon) there, else after its last token.
    """
    tokens = list(TOKEN.finditer(text, start, end))
    first = 0
    while len(tokens) - first > max_tokens:
        cut = _cut_point(tokens, first, first + max_tokens)
        yield tokens[first].start(), tokens[cut - 1].end()
        first = cut
    if first < len(tokens):
        yield tokens[first].start(), tokens[-1].end()


def _cut_point(tokens: list[re.Match[str]], first: int, limit: int) -> int:
    second_half = range(limit - 1, first + (limit - first) // 2, -1)
    for breaks in (SENTENCE_ENDS, CLAUSE_BREAKS):
        for position in second_half:
            if tokens[position].group(0) in breaks:
                return position + 1
    return limit
