"""Blank spaCy pipelines per language: tokenization suited to each language.

No pretrained pipeline is downloaded; `spacy.blank(code)` brings each language's
tokenizer exceptions and lexical attributes (`like_num`, currency symbols).
Chinese is segmented into words with jieba rather than split on spaces.
"""

from __future__ import annotations

import logging
from functools import cache

import spacy
from spacy.language import Language

# Languages whose blank pipeline needs a segmenter configured.
SEGMENTERS = {"zh": {"nlp": {"tokenizer": {"segmenter": "jieba"}}}}
FALLBACK_LANGUAGE = "xx"


@cache
def blank_pipeline(language: str | None) -> Language:
    """The blank pipeline for `language`, or spaCy's multi-language one if it has none."""
    if language == "zh":
        import jieba

        # jieba logs its dictionary loading at DEBUG level to stderr by default.
        jieba.setLogLevel(logging.WARNING)
    try:
        return spacy.blank(language or FALLBACK_LANGUAGE, config=SEGMENTERS.get(language or "", {}))
    except (ImportError, OSError, ValueError, KeyError):
        return spacy.blank(FALLBACK_LANGUAGE)
