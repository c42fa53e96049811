"""Language identification for short chat messages, restricted to the shop's languages.

langdetect alone is unreliable on one- to three-word messages ('merci' comes out
Spanish, 'ok' Slovak). The identifier therefore combines, in order of strength:

1. the writing system: a message in Cyrillic can only be one of the shop's
   languages written in Cyrillic (the script of each language is learned from
   its training examples, so no language is hard-coded here);
2. the words of the message, scored with a naive Bayes model learned from the
   shop's own training examples plus the chat-word lexicon of each locale;
3. langdetect restricted to the candidate languages (prior map), with a fixed
   seed, weighted more as the message gets longer;
4. the conversation's language and the browser locale as priors; when the
   result is still unsure the conversation's language is kept.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

WORD_PATTERN = re.compile(r"[^\W\d_]+", re.UNICODE)
# A letter typed three times or more in a row: buyers stretch words ('holaaa', 'danke!!!').
ELONGATION = re.compile(r"([^\W\d_])\1{2,}", re.UNICODE)
DOUBLED = re.compile(r"([^\W\d_])\1", re.UNICODE)
# Order numbers, sizes and model numbers ("SO-4823917", "xl2", "#4823917") say nothing about language.
CODE_PATTERN = re.compile(r"[A-Za-z0-9#_./-]*[0-9٠-٩][A-Za-z0-9#_./-]*")
# A Chinese character carries about as much as a short word; Latin letters are counted one by one.
SCRIPT_WEIGHT = {"CJK": 3.0, "HIRAGANA": 2.0, "KATAKANA": 2.0, "HANGUL": 2.0}
NGRAM_SIZES = (2, 3, 4)
# An unknown word scored by its character n-grams counts as this many known words.
UNKNOWN_WORD_WEIGHT = 1.0
MIN_NGRAM_COUNT = 2
# langdetect names Chinese 'zh-cn'/'zh-tw'; everything else by its ISO 639-1 code.
LANGDETECT_ALIASES = {"zh": ("zh-cn", "zh-tw")}

# Prior weights (multiplicative) for the context of a message.
CONVERSATION_PRIOR = 4.0
LOCALE_PRIOR = 2.0
DEFAULT_PRIOR = 1.3
# A lexicon chat word counts as this many training occurrences.
LEXICON_WEIGHT = 8
# Additive smoothing of the word model and of the character n-gram model.
SMOOTHING = 0.1
NGRAM_SMOOTHING = 0.5
# langdetect's probabilities are floored so that it can tip a close call but not overrule the words.
LANGDETECT_FLOOR = 0.05
MAX_DETECTOR_WEIGHT = 1.5
# The most langdetect can add to one language's log-score against another's.
SETTLED_LOG_MARGIN = MAX_DETECTOR_WEIGHT * (math.log(1.0 + LANGDETECT_FLOOR) - math.log(LANGDETECT_FLOOR))
# Without any context, a guess this close to a tie falls back to the shop's default language.
TIE_MARGIN = 0.1


def script_of(char: str) -> str | None:
    """The writing system of one letter ('LATIN', 'CYRILLIC', 'CJK', ...)."""
    if not char.isalpha():
        return None
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    first = name.split(" ", 1)[0]
    return "CJK" if first in {"CJK", "IDEOGRAPHIC"} else first


def script_counts(text: str) -> Counter[str]:
    return Counter(s for s in (script_of(c) for c in text) if s)


def weighted_scripts(text: str) -> Counter[str]:
    counts = script_counts(text)
    return Counter({script: count * SCRIPT_WEIGHT.get(script, 1.0) for script, count in counts.items()})


def without_codes(text: str) -> str:
    return CODE_PATTERN.sub(" ", text)


def char_ngrams(word: str) -> list[str]:
    padded = f"<{word}>"
    return [padded[i : i + n] for n in NGRAM_SIZES for i in range(len(padded) - n + 1)]


def words_of(text: str) -> list[str]:
    """Lower-case words, a letter stretched three times or more kept twice ('kkkkkk' -> 'kk')."""
    return [ELONGATION.sub(r"\1\1", w.lower()) for w in WORD_PATTERN.findall(text)]


def language_of_locale(locale: Any) -> str | None:
    """'pt-BR' -> 'pt', 'zh_Hans_CN' -> 'zh'; None for anything else."""
    if not isinstance(locale, str) or not locale.strip():
        return None
    return re.split(r"[-_]", locale.strip().lower(), maxsplit=1)[0] or None


@dataclass(frozen=True)
class LanguageGuess:
    name: str
    confidence: float
    # How the answer was reached: 'script', 'words', 'context' or 'default'.
    method: str
    scores: Mapping[str, float] = field(default_factory=dict)

    def as_parse_data(self) -> dict[str, Any]:
        return {"name": self.name, "confidence": round(self.confidence, 4)}


@dataclass
class LanguageModel:
    """What the identifier learns from the training data; JSON-serialisable."""

    languages: list[str]
    default_language: str
    scripts: dict[str, str]
    word_counts: dict[str, dict[str, float]]
    ngram_counts: dict[str, dict[str, float]] = field(default_factory=dict)
    min_confidence: float = 0.55
    seed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "languages": self.languages,
            "default_language": self.default_language,
            "scripts": self.scripts,
            "word_counts": self.word_counts,
            "ngram_counts": self.ngram_counts,
            "min_confidence": self.min_confidence,
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LanguageModel:
        return cls(
            languages=list(data["languages"]),
            default_language=data["default_language"],
            scripts=dict(data["scripts"]),
            word_counts={k: dict(v) for k, v in data["word_counts"].items()},
            ngram_counts={k: dict(v) for k, v in data.get("ngram_counts", {}).items()},
            min_confidence=float(data.get("min_confidence", 0.55)),
            seed=int(data.get("seed", 0)),
        )


def learn_language_model(
    examples: Iterable[tuple[str, str]],
    languages: Iterable[str],
    default_language: str,
    chat_words: Mapping[str, Iterable[str]] | None = None,
    min_confidence: float = 0.55,
    seed: int = 0,
) -> LanguageModel:
    """Learns word statistics and the script of each language from (text, language) pairs."""
    languages = list(languages)
    if default_language not in languages:
        raise ValueError(f"default language '{default_language}' is not among {languages}")
    counts: dict[str, Counter[str]] = {lang: Counter() for lang in languages}
    scripts: dict[str, Counter[str]] = {lang: Counter() for lang in languages}
    for text, language in examples:
        if language not in counts:
            continue
        counts[language].update(words_of(text))
        scripts[language].update(script_counts(text))
    for language, words in (chat_words or {}).items():
        if language not in counts:
            continue
        for phrase in words:
            for word in words_of(str(phrase)):
                counts[language][word] += LEXICON_WEIGHT
            scripts[language].update(script_counts(str(phrase)))
    ngrams: dict[str, Counter[str]] = {lang: Counter() for lang in languages}
    for language, words in counts.items():
        for word, count in words.items():
            for gram in char_ngrams(word):
                ngrams[language][gram] += count
    missing = [lang for lang in languages if not scripts[lang]]
    if missing:
        raise ValueError(
            f"no training examples or chat words for language(s) {missing}: "
            "add data/nlu/<lang>/ and locales/<lang>/lexicon.yml"
        )
    return LanguageModel(
        languages=languages,
        default_language=default_language,
        scripts={lang: scripts[lang].most_common(1)[0][0] for lang in languages},
        word_counts={lang: dict(c) for lang, c in counts.items()},
        ngram_counts={
            lang: {gram: n for gram, n in c.items() if n >= MIN_NGRAM_COUNT} for lang, c in ngrams.items()
        },
        min_confidence=min_confidence,
        seed=seed,
    )


class LanguageIdentifier:
    """Tells which of the shop's languages a buyer's message is written in."""

    def __init__(self, model: LanguageModel) -> None:
        self.model = model
        self._totals = {lang: sum(c.values()) for lang, c in model.word_counts.items()}
        self._vocabulary = set().union(*(c.keys() for c in model.word_counts.values()))
        self._ngram_totals = {lang: sum(c.values()) for lang, c in model.ngram_counts.items()}
        self._ngram_vocabulary = len(set().union(*(c.keys() for c in model.ngram_counts.values()), set()))
        self._factory = DetectorFactory()
        self._factory.load_profile(PROFILES_DIRECTORY)
        self._factory.seed = model.seed
        self._ld_names = {
            name: lang
            for lang in model.languages
            for name in LANGDETECT_ALIASES.get(lang, (lang,))
            if name in self._factory.langlist
        }

    @property
    def languages(self) -> list[str]:
        return self.model.languages

    def identify(
        self,
        text: str,
        conversation_language: str | None = None,
        locale: str | None = None,
    ) -> LanguageGuess:
        if conversation_language not in self.model.languages:
            conversation_language = None
        locale_language = language_of_locale(locale)
        if locale_language not in self.model.languages:
            locale_language = None
        fallback = conversation_language or locale_language or self.model.default_language
        fallback_method = "context" if (conversation_language or locale_language) else "default"

        text = without_codes(text or "")
        scripts = weighted_scripts(text)
        if not scripts:
            return LanguageGuess(fallback, 0.0, fallback_method)
        candidates = self._candidates(scripts)
        if not candidates:
            return LanguageGuess(fallback, 0.0, fallback_method)
        if len(candidates) == 1:
            share = scripts[self.model.scripts[candidates[0]]] / sum(scripts.values())
            return LanguageGuess(candidates[0], round(0.5 + 0.5 * share, 4), "script")

        scores = self._scores(text, candidates, conversation_language, locale_language)
        best = max(scores, key=scores.__getitem__)
        confidence = scores[best]
        if confidence < self.model.min_confidence:
            if conversation_language or locale_language:
                # Too little to go on ('ok', 'SO-4823917 ?'): the conversation goes on in its language.
                return LanguageGuess(fallback, scores.get(fallback, confidence), "context", scores)
            default = self.model.default_language
            runner_up = sorted(scores.values())[-2] if len(scores) > 1 else 0.0
            if default in scores and confidence - runner_up < TIE_MARGIN:
                return LanguageGuess(default, scores[default], "default", scores)
        return LanguageGuess(best, confidence, "words", scores)

    def _candidates(self, scripts: Counter[str]) -> list[str]:
        """Languages written in the message's dominant script that the shop supports."""
        for script, _ in scripts.most_common():
            found = [lang for lang in self.model.languages if self.model.scripts[lang] == script]
            if found:
                return found
        return []

    def _known_form(self, word: str) -> str:
        """A stretched chat spelling of a known word, every doubled letter made single:
        'mercii' -> 'merci', 'okk' -> 'ok' (words_of has already cut longer runs to two)."""
        if word in self._vocabulary:
            return word
        shorter = DOUBLED.sub(r"\1", word)
        return shorter if shorter in self._vocabulary else word

    def _scores(
        self,
        text: str,
        candidates: list[str],
        conversation_language: str | None,
        locale_language: str | None,
    ) -> dict[str, float]:
        words = [self._known_form(w) for w in words_of(text)]
        known = [w for w in words if w in self._vocabulary]
        log_scores = {
            lang: self._log_prior(lang, conversation_language, locale_language) for lang in candidates
        }
        vocabulary_size = len(self._vocabulary)
        for word in known:
            for lang in candidates:
                count = self.model.word_counts[lang].get(word, 0.0)
                log_scores[lang] += math.log(
                    (count + SMOOTHING) / (self._totals[lang] + SMOOTHING * vocabulary_size)
                )
        for word in words:
            if word in self._vocabulary or not self.model.ngram_counts:
                continue
            grams = char_ngrams(word)
            for lang in candidates:
                table = self.model.ngram_counts.get(lang, {})
                total = self._ngram_totals.get(lang, 0.0) + NGRAM_SMOOTHING * self._ngram_vocabulary
                mean = sum(math.log((table.get(g, 0.0) + NGRAM_SMOOTHING) / total) for g in grams) / len(
                    grams
                )
                log_scores[lang] += UNKNOWN_WORD_WEIGHT * len(grams) ** 0.5 * mean
        detector_weight = self._detector_weight(len(words), len(known))
        if detector_weight > 0 and not self._settled(log_scores):
            probabilities = self._langdetect(text, candidates)
            if probabilities:
                for lang in candidates:
                    log_scores[lang] += detector_weight * math.log(
                        probabilities.get(lang, 0.0) + LANGDETECT_FLOOR
                    )
        top = max(log_scores.values())
        exp_scores = {lang: math.exp(score - top) for lang, score in log_scores.items()}
        total = sum(exp_scores.values())
        return {lang: value / total for lang, value in exp_scores.items()}

    def _settled(self, log_scores: dict[str, float]) -> bool:
        """The shop's own words decide, so asking langdetect (most of the detector's time) could not
        change the answer. langdetect, weighted at most MAX_DETECTOR_WEIGHT, moves one language's
        log-score against another's by at most SETTLED_LOG_MARGIN; beyond that, the best language
        must keep enough of a lead to stay above min_confidence, where the answer would otherwise
        fall back to the conversation's language."""
        if len(log_scores) < 2:
            return False
        best, runner_up = sorted(log_scores.values())[-2:][::-1]
        # With every other language `lead` behind after langdetect's largest swing, the best one's
        # probability is at least 1 / (1 + others * exp(-lead)); this lead keeps it >= min_confidence.
        others = len(log_scores) - 1
        floor = min(max(self.model.min_confidence, 0.01), 0.99)
        lead = math.log(others * floor / (1.0 - floor))
        return best - runner_up >= SETTLED_LOG_MARGIN + max(lead, 0.0)

    def _log_prior(self, lang: str, conversation: str | None, locale: str | None) -> float:
        weight = 1.0
        if lang == conversation:
            weight *= CONVERSATION_PRIOR
        if lang == locale:
            weight *= LOCALE_PRIOR
        if lang == self.model.default_language:
            weight *= DEFAULT_PRIOR
        return math.log(weight)

    @staticmethod
    def _detector_weight(word_count: int, known_count: int) -> float:
        """langdetect is noise on a word or two and good on sentences."""
        if word_count <= 1:
            return 0.0
        weight = min(1.0, (word_count - 1) / 6)
        # Words the shop's data never saw leave langdetect as the main evidence.
        if known_count < word_count:
            weight = min(MAX_DETECTOR_WEIGHT, weight + 0.25 * (word_count - known_count))
        return weight

    def _langdetect(self, text: str, candidates: list[str]) -> dict[str, float]:
        prior = {name: (1.0 if lang in candidates else 0.0) for name, lang in self._ld_names.items()}
        if not any(prior.values()):
            return {}
        detector = self._factory.create()
        detector.set_prior_map(prior)
        detector.append(text)
        try:
            found = detector.get_probabilities()
        except LangDetectException:
            return {}
        result: dict[str, float] = {}
        for item in found:
            lang = self._ld_names.get(item.lang)
            if lang:
                result[lang] = result.get(lang, 0.0) + item.prob
        return result
