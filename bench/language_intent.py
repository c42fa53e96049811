"""The language detectors the project's detector is compared with (plain langdetect, and lingua
restricted to the shop's languages), and accuracy per language. Used by `python -m bench`."""

from __future__ import annotations

from collections import defaultdict


def langdetect_detector():
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def detect_one(text: str) -> str | None:
        try:
            code = detect(text)
        except LangDetectException:
            return None
        return "zh" if code.startswith("zh") else code

    return detect_one


def lingua_detector(languages: list[str]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    by_code = {lang: getattr(IsoCode639_1, lang.upper()) for lang in languages}
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*by_code.values()).build()

    def detect_one(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return detect_one


def accuracy_by_language(pairs: list[tuple[str, str]], predict) -> dict[str, float]:
    hits, totals = defaultdict(int), defaultdict(int)
    for text, language in pairs:
        totals[language] += 1
        hits[language] += predict(text) == language
    result = {lang: hits[lang] / totals[lang] for lang in totals}
    result["all"] = sum(hits.values()) / sum(totals.values())
    return result
