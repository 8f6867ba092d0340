"""Dates: publication dates normalised, and the dates of events resolved.

An event's date comes from the text only: a date phrase attached to the
event's words, else one opening its sentence ("In 2024, ..."), resolved to
YYYY, YYYY-MM or YYYY-MM-DD. Relative phrases ("in December", "last year",
"on Tuesday") are resolved against the document's publication date and give
nothing when it is unknown. A resolved date never claims more precision than
the text gives: "2023" stays a year, "December 2024" a month.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from collections.abc import Callable
from functools import lru_cache

import dateparser
from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

from caseboard.rules import load_table

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_BARE_YEAR = re.compile(r"^(?:in |by |since |during |early |late |mid-?)*(1[89]\d\d|20\d\d)$")
# Periods that no single date stands for: decades, centuries, spans of years.
_VAGUE = re.compile(r"\d0s\b|decade|century|centuries|(?:years|months|weeks|days)\b(?! ago)|recent|past|future|season")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# Something a date can be read from: a year, a month or weekday name, or a relative word.
_DATED = re.compile(
    rf"\b(\d{{4}}|{_MONTHS}|{_WEEKDAYS}|yesterday|today|tonight|ago|last|this|next|previous)\b", re.I
)
# Words around a date phrase that carry no date ("in", "early", "the").
_LEADING_WORDS = re.compile(
    r"^(?:(?:in|on|at|by|since|during|from|until|the|early|late|earlier|later|mid|end of|beginning of"
    r"|(?:first|second|third|fourth|last|final) (?:week|half|days) of)\s+)+", re.I,
)
# Words that end a date the model ran on into what happened around it: "in January last year
# after a decade-long hunt" is "January last year" (when what comes before holds a month or a year).
_ENDS_DATE = frozenset({"after", "before", "amid", "during", "following"})
_MONTH_OR_YEAR = re.compile(rf"\b(\d{{4}}|{_MONTHS})\b", re.I)
# A date does not leave the clause it stands in.
_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "parataxis", "acl", "csubj", "conj"})
_LAST_MONTH = re.compile(rf"^(?:last|this past|past|previous)\s+(?=(?:{_MONTHS})\b)", re.I)
# Prepositions that place an event before the one the sentence reports.
EARLIER = frozenset({"after", "following", "since", "before", "prior"})
_WEEKDAY_NAMES = _WEEKDAYS.split("|")
_WEEKDAY = re.compile(rf"^({_WEEKDAYS})(?: (?:morning|afternoon|evening|night))?$")
_UNITS = frozenset({"year", "month", "week", "day", "hour"})
_POSSESSIVE = re.compile(r"['’]s\b")
_RANGE = re.compile(r"\d\s*[-–]\s*\d|\b(?:and|to|through|or)\b", re.I)
_MONTH_NAME = re.compile(rf"\b(?:{_MONTHS})\b")
_PREFER_PAST = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": False}
_MONTH_OF_RELATIVE_YEAR = re.compile(rf"^((?:{_MONTHS})\.?)(?:\s+of)?\s+(last|previous|this|next)\s+year$")


def normalise_date(value: str | None) -> str | None:
    """A publication date as YYYY-MM-DD, or None when it cannot be read."""
    if not value:
        return None
    value = value.strip()
    if _ISO.match(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:  # "2024-13-45" names no day
            return None
    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


@lru_cache(maxsize=64)
def _parser(published: str, lang: str = "en") -> DateDataParser:
    base = datetime.fromisoformat(published)
    return DateDataParser(languages=[lang], settings={**_PREFER_PAST, "RELATIVE_BASE": base})


# Dates told from another date of the text: "in February of that year", "later that year",
# "the following year", "two years later", "a year earlier".
_THAT_YEAR = re.compile(rf"^(?:((?:{_MONTHS})\.?)\s+(?:of\s+)?)?(?:that|the same|that same)\s+year$")
_YEARS_AWAY = re.compile(
    r"^(?:(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+(later|after|on|earlier|before)"
    r"|the\s+(following|next|previous|preceding)\s+year|the\s+year\s+(after|before))$"
)
_ANCHOR_LEADING = re.compile(r"^(?:(?:in|by|during|until|later|earlier|early|late)\s+)+")
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_LATER = frozenset({"later", "after", "on", "following", "next"})
_ANCHORED = "anchored"  # the phrase is told from another date, which the text did not give


def _from_anchor(phrase: str, anchor: str | None, published: str | None) -> str | None:
    """A phrase told from the text's last stated year `anchor`: its date, `_ANCHORED` when
    there is no anchor to tell it from (or it would lie after `published`), or None when
    the phrase is no such phrase."""
    text = _ANCHOR_LEADING.sub("", " ".join(phrase.lower().split()).strip(" ,."))
    same = _THAT_YEAR.match(text)
    away = _YEARS_AWAY.match(text) if same is None else None
    if same is None and away is None:
        return None
    if anchor is None:
        return _ANCHORED
    year = int(anchor[:4])
    if same is not None:
        month = _parse(same.group(1), f"{year:04d}-12-31") if same.group(1) else None
        return f"{year:04d}-{month[5:7]}" if month and len(month) >= 7 else f"{year:04d}"
    if away.group(1):  # type: ignore[union-attr]
        count, direction = _COUNTS.get(away.group(1)) or int(away.group(1)), away.group(2)  # type: ignore[union-attr]
    else:
        count, direction = 1, away.group(3) or away.group(4)  # type: ignore[union-attr]
    year += count if direction in _LATER else -count
    if published and year > int(published[:4]):
        return _ANCHORED
    return f"{year:04d}"


def resolve_date(
    phrase: str, published: str | None = None, lang: str = "en", anchor: str | None = None
) -> str | None:
    """A date phrase as YYYY, YYYY-MM or YYYY-MM-DD, or None when the text does not fix one.

    Phrases without a year ("in December", "last week", "Tuesday") need the
    publication date `published` (YYYY-MM-DD) and resolve to the latest such
    date on or before it, as news reports look back. Phrases in another language
    `lang` are read by dateparser in that language. A phrase told from another date of
    the text ("later that year", "two years later") takes the year `anchor`, the last
    one the text stated before it, and is None without one.
    """
    if lang != "en":
        return _resolve_in(phrase, published, lang, anchor)
    anchored = _from_anchor(phrase, anchor, published)
    if anchored is not None:
        return None if anchored == _ANCHORED else anchored
    text = _LEADING_WORDS.sub("", " ".join(phrase.split()).strip(" ,.")).strip()
    text = _LAST_MONTH.sub("", text)  # "last July" is the latest July, as a bare "July" is
    relative_year = _MONTH_OF_RELATIVE_YEAR.match(text.lower())
    if relative_year and published:  # "January last year", "March of this year"
        shift = {"last": -1, "previous": -1, "this": 0, "next": 1}[relative_year.group(2)]
        month = _parse(relative_year.group(1), published)
        return f"{int(published[:4]) + shift:04d}-{month[5:7]}" if month and len(month) >= 7 else None
    lowered = text.lower()
    if not text or not _DATED.search(text) or _VAGUE.search(lowered):
        return None
    text = _POSSESSIVE.sub("", text)
    lowered = text.lower()
    bare = _BARE_YEAR.match(lowered)
    if bare:
        return bare.group(1)
    years = set(_YEAR.findall(text))
    if len(years) > 1:
        return None  # "between 2018 and 2020" is no one date
    if not years and not published:
        return None
    year = years.pop() if years else None
    if _ISO.match(text):
        return text
    weekday = _WEEKDAY.match(lowered)
    if weekday and published:
        return _latest_weekday(published, _WEEKDAY_NAMES.index(weekday.group(1)))
    if _RANGE.search(text):  # "Sept. 20-21, 2023", "March and April 2024": only what they share
        months = _MONTH_NAME.findall(lowered)
        if len(months) == 1:
            parsed = _parse(f"{months[0]} {year or ''}".strip(), published)
            return parsed[:7] if parsed else year
        return year
    found = _parse(text, published)
    if found is None or (year and not found.startswith(year)):
        return year  # "the summer of 2023", "fiscal 2024": the year is all the text fixes
    return found


def _latest_weekday(published: str, weekday: int) -> str:
    """The latest day of that weekday (0 is Monday) on or before `published`: "on Wednesday" in
    a paper of that Wednesday is that day."""
    day = date.fromisoformat(published)
    return (day - timedelta(days=(day.weekday() - weekday) % 7)).isoformat()


@lru_cache(maxsize=8)
def _weekday_names(lang: str) -> list[str]:
    """The weekday names of `lang`, Monday first (rules/parse.<lang>.yaml)."""
    return [w.lower() for w in load_table("parse", lang)["date_words"].get("weekdays", [])]


@lru_cache(maxsize=8)
def _past_day_words(lang: str) -> frozenset[str]:
    """Words written after a weekday that keep it the latest such day ("el martes pasado")."""
    return frozenset(w.lower() for w in load_table("parse", lang)["date_words"].get("past_day_modifiers", []))


@lru_cache(maxsize=8)
def _leading_words(lang: str) -> re.Pattern[str]:
    words = sorted(load_table("parse", lang)["date_words"].get("leading", []), key=len, reverse=True)
    return re.compile(rf"^(?:(?:{'|'.join(map(re.escape, words))})\s+)+" if words else r"^$", re.I)


@lru_cache(maxsize=8)
def _that_year(lang: str) -> re.Pattern[str]:
    """The end of a phrase told in the year the text stated last: "13 de marzo de ese año"."""
    table = load_table("parse", lang)["date_words"]
    words = sorted(table.get("that_year", []), key=len, reverse=True)
    of = "|".join(map(re.escape, table.get("of", [])))
    return re.compile(rf"(?:^|\s+(?:(?:{of})\s+)?)(?:{'|'.join(map(re.escape, words))})$" if words else r"(?!)", re.I)


def _resolve_in(phrase: str, published: str | None, lang: str, anchor: str | None = None) -> str | None:
    """`resolve_date` for a phrase in `lang` (a date phrase nlp.date_pattern found)."""
    whole = " ".join(phrase.split()).strip(" ,.")
    text = _leading_words(lang).sub("", whole).strip()
    that_year = _that_year(lang).search(text)
    if that_year is not None:  # "el 13 de marzo de ese año": in the year the text stated last
        if anchor is None:
            return None
        rest = text[: that_year.start()].strip()
        found = _parse(rest, f"{anchor[:4]}-12-31", lang) if rest else None
        return found if found and found.startswith(anchor[:4]) else anchor[:4]
    years = set(_YEAR.findall(text))
    if not text or len(years) > 1 or (not years and not published):
        return None
    year = years.pop() if years else None
    if year and text == year:
        return year
    weekdays = _weekday_names(lang)
    day = text.lower().split()
    if published and day and day[0] in weekdays and all(w in _past_day_words(lang) for w in day[1:]):
        # "este sábado", "el martes pasado" (dateparser would go back a week)
        return _latest_weekday(published, weekdays.index(day[0]))
    # "el año pasado" needs its article, "el pasado 6 de julio" must lose it
    found = _parse(text, published, lang) or _parse(whole, published, lang)
    if found is None or (year and not found.startswith(year)):
        return year
    return found


def _parse(text: str, published: str | None, lang: str = "en") -> str | None:
    """dateparser's reading of `text`, cut to the precision it found."""
    if not text:
        return None
    try:
        data = _parser(published or "2000-01-01", lang).get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    if data.period == "year":
        return f"{found.year:04d}"
    if data.period == "month":
        return f"{found.year:04d}-{found.month:02d}"
    if data.period == "week":
        return _week(found)
    return found.isoformat()


def _week(monday: date) -> str | None:
    """A week as the month (or year) it falls in: the day is not known."""
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        return f"{monday.year:04d}-{monday.month:02d}"
    if monday.year == sunday.year:
        return f"{monday.year:04d}"
    return None


def date_phrases(sentence: Span) -> list[Span]:
    """The date phrases spaCy found in a sentence, each cut where a clause runs on
    ("Wednesday, ending years" is "Wednesday"). A time of a named day is one too:
    spaCy calls "last Thursday evening" and "Friday night" a TIME."""
    phrases = []
    for ent in sentence.ents:
        if ent.label_ != "DATE" and not (ent.label_ == "TIME" and _DATED.search(ent.text)):
            continue
        end = ent.start
        while end < ent.end and not _runs_on(ent, end) and not (
            ent.doc[end].text == "," and end + 1 < ent.end and not ent.doc[end + 1].like_num
        ) and not _duration_follows(ent, end) and not _ends_date(ent, end):
            end += 1
        if end > ent.start:
            phrases.append(ent.doc[ent.start : end])
    return phrases


def _ends_date(ent: Span, index: int) -> bool:
    """Whether the word at `index` starts what happened around a date the words before it
    already state ("January last year | after a decade-long hunt")."""
    return ent.doc[index].lower_ in _ENDS_DATE and bool(_MONTH_OR_YEAR.search(ent.doc[ent.start : index].text))


def _runs_on(ent: Span, index: int) -> bool:
    """Whether the word at `index` is a verb of a clause of its own, not a participle of the
    date itself ("el año pasado")."""
    word = ent.doc[index]
    return word.pos_ == "VERB" and not (ent.start <= word.head.i < index and "Part" in word.morph.get("VerbForm"))


def _duration_follows(ent: Span, index: int) -> bool:
    """Whether a preposition at `index` leads into a duration: "Wednesday to 45 years"."""
    token = ent.doc[index]
    rest = ent.doc[index + 1 : ent.end]
    return token.pos_ == "ADP" and any(t.like_num for t in rest) and any(t.lemma_ in _UNITS for t in rest)


def opening_date(sentence: Span) -> Span | None:
    """A date phrase that opens the sentence and so dates all of it: "In 2024, ...",
    or "In 2023 authorities ..." where it hangs from the sentence's main verb."""
    for ent in date_phrases(sentence):
        if ent.start - sentence.start > 3:
            break
        following = sentence.doc[ent.end] if ent.end < sentence.end else None
        if following is not None and following.text == ",":
            return ent
        if _attachment(ent) == sentence.root and ent.end <= sentence.root.i:
            return ent  # "In 2023 the army failed ...": before the main verb, without a comma
    return None


def _attachment(phrase: Span) -> Token:
    """The word a date phrase modifies: up from its root through prepositions."""
    token = phrase.root
    while token.head.i != token.i and (token.head.pos_ == "ADP" or token.head in phrase):
        token = token.head
    return token.head


def event_date(
    words: list[Token],
    published: str | None = None,
    other_event: Callable[[Token], bool] = lambda token: False,
    anchor: str | None = None,
) -> str | None:
    """The date of an event stated by `words` (its trigger and the verb governing it):
    a date phrase in their phrase that no nearer event word or clause claims
    ("designated ... as a terrorist organization in February"), else one opening
    the sentence."""
    if not words:
        return None
    sentence = words[0].sent
    own = [phrase for phrase in date_phrases(sentence) if _dates(phrase, words, other_event)]
    for phrase in own:
        resolved = resolve_date(phrase.text, published, phrase.doc.lang_, anchor)
        if resolved:
            return resolved
    if own:
        return None  # its own date ("the following year") cannot be resolved: the opening one is not its date
    trigger = words[0]
    if trigger.pos_ == "VERB":
        # "was arrested and convicted in 1998": a date closing a run of verbs dates each of them
        for later in (c for c in trigger.conjuncts if c.i > trigger.i and c.pos_ == "VERB" and other_event(c)):
            shared = [p for p in date_phrases(sentence) if p.start > later.i and _dates(p, [later], lambda t: t != later and other_event(t))]
            for phrase in shared:
                resolved = resolve_date(phrase.text, published, phrase.doc.lang_, anchor)
                if resolved:
                    return resolved
    if trigger.dep_ in ("pobj", "dobj") and trigger.head.lower_ in EARLIER:
        return None  # "following his escape": an earlier event, not dated by the sentence
    opening = opening_date(sentence)
    return resolve_date(opening.text, published, opening.doc.lang_, anchor) if opening is not None else None


def last_year(sentence: Span, published: str | None, anchor: str | None) -> str | None:
    """The year of the last date the sentence states (told from `anchor` where it is
    relative to it), else `anchor`: what a later "that year" in the text means."""
    for phrase in reversed(date_phrases(sentence)):
        resolved = resolve_date(phrase.text, published, phrase.doc.lang_, anchor)
        if resolved:
            return resolved[:4]
    return anchor


def _dates(phrase: Span, words: list[Token], other_event: Callable[[Token], bool]) -> bool:
    """Whether the date phrase belongs to `words`: going up the parse from where it
    attaches, it reaches them before another event word or a clause boundary."""
    token = _attachment(phrase)
    while True:
        if token in words:
            return True
        if other_event(token) or token.dep_ in _CLAUSES or token.head.i == token.i:
            return False
        if token.dep_ in ("nsubj", "nsubjpass") and token.head in words:
            return False  # "X, a fugitive since 2022, was captured": the date describes X
        token = token.head
