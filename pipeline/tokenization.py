"""The project's word tokens: runs of letters, numbers, links and single other characters.

ANERcorp is tokenised this way (clitics stay attached, punctuation stands apart), so the NER
models see the same units at run time as in training; the rule-based segmenter uses it too.
"""

from __future__ import annotations

import re

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
