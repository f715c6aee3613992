"""The catalog as plain, immutable values: instruments, their milestones and duties, and rules.

Everything here is trusted: :mod:`cnreg_calendar.catalog` validates the TOML file (see
``docs/catalog-format.md``) and builds these objects; code that uses them never checks again.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import enum
import re
from collections.abc import Iterable, Mapping
from typing import ClassVar, TypeVar

import attrs

from cnreg_calendar.errors import CatalogError, UnknownIdError
from cnreg_calendar.periods import Period

__all__ = [
    "RULE_CLASSES",
    "AfterEvent",
    "ArticleChange",
    "Authority",
    "AuthorityLevel",
    "BeforeEvent",
    "Catalog",
    "Confidence",
    "Duty",
    "Event",
    "FixedDate",
    "FollowUp",
    "Instrument",
    "InstrumentKind",
    "Milestone",
    "MilestoneKind",
    "Nature",
    "PartialDate",
    "Recurring",
    "Renumbering",
    "Role",
    "Rule",
    "RuleKind",
    "Source",
    "SourceKind",
    "Status",
    "UnknownIdError",
    "Validity",
    "Yearly",
]


class SourceKind(enum.Enum):
    """What a source is: a seed newsletter, the official text, or commentary."""

    NEWSLETTER = "newsletter"
    PRIMARY = "primary"
    SECONDARY = "secondary"


class AuthorityLevel(enum.Enum):
    """The level of an issuing authority."""

    CENTRAL = "central"
    LOCAL = "local"
    COURT = "court"
    STANDARDS_BODY = "standards-body"
    PARTY = "party"
    OTHER = "other"


class InstrumentKind(enum.Enum):
    """The kind of instrument: a law, a regulation, a standard, a campaign …"""

    LAW = "law"
    ADMINISTRATIVE_REGULATION = "administrative-regulation"
    DEPARTMENTAL_RULE = "departmental-rule"
    NORMATIVE_DOCUMENT = "normative-document"
    NATIONAL_STANDARD = "national-standard"
    SECTOR_STANDARD = "sector-standard"
    PRACTICE_GUIDELINE = "practice-guideline"
    JUDICIAL_DOCUMENT = "judicial-document"
    JUDICIAL_CASE = "judicial-case"
    LOCAL_REGULATION = "local-regulation"
    LOCAL_NORMATIVE_DOCUMENT = "local-normative-document"
    POLICY = "policy"
    ENFORCEMENT_ACTION = "enforcement-action"
    CAMPAIGN = "campaign"
    ANNOUNCEMENT = "announcement"


class Status(enum.Enum):
    """An instrument's status as of the catalog's revision."""

    DRAFT = "draft"
    PROMULGATED = "promulgated"
    IN_FORCE = "in-force"
    AMENDED = "amended"
    SUPERSEDED = "superseded"
    REPEALED = "repealed"
    CONCLUDED = "concluded"
    UNKNOWN = "unknown"


class MilestoneKind(enum.Enum):
    """What happened on a milestone's date."""

    ISSUED = "issued"
    PUBLISHED = "published"
    EFFECTIVE = "effective"
    COMMENT_START = "comment-start"
    COMMENT_END = "comment-end"
    AMENDED = "amended"
    REPEALED = "repealed"
    TARGET = "target"
    OTHER = "other"


class Nature(enum.Enum):
    """What a duty is: an obligation, an opportunity, the regulator's own target, a date to watch."""

    OBLIGATION = "obligation"
    OPPORTUNITY = "opportunity"
    REGULATOR_TARGET = "regulator-target"
    RISK_DATE = "risk-date"


class Confidence(enum.Enum):
    """How well a duty is established; ``draft`` duties are never binding."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    RECOLLECTION = "recollection"
    DRAFT = "draft"


class RuleKind(enum.Enum):
    """The ``kind`` of a duty's rule table."""

    FIXED_DATE = "fixed-date"
    YEARLY = "yearly"
    RECURRING = "recurring"
    AFTER_EVENT = "after-event"
    BEFORE_EVENT = "before-event"
    FOLLOW_UP = "follow-up"
    VALIDITY = "validity"


def _zero_if_none(value: int | None) -> int:
    return 0 if value is None else value


@attrs.frozen(order=True)
class PartialDate:
    """A date the source gives to the day, the month or only the year; never given an invented day.

    Dates order by what is known: ``2020`` < ``2020-08`` < ``2020-08-01``.

    >>> d = PartialDate(2020, 8)
    >>> str(d), d.is_full, d.last_day()
    ('2020-08', False, datetime.date(2020, 8, 31))
    >>> PartialDate.parse("2023-05-24").to_date()
    datetime.date(2023, 5, 24)
    >>> PartialDate(2020) < PartialDate(2020, 8) < PartialDate(2020, 8, 1)
    True
    """

    year: int
    month: int | None = attrs.field(default=None, order=_zero_if_none)
    day: int | None = attrs.field(default=None, order=_zero_if_none)

    def __attrs_post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a partial date with a day needs a month")
        # Raises ValueError for an impossible year, month or day.
        dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``"YYYY-MM-DD"``, ``"YYYY-MM"`` or ``"YYYY"``; raise ``ValueError`` otherwise.

        >>> PartialDate.parse("2020")
        PartialDate(year=2020, month=None, day=None)
        """
        parts = text.split("-")
        lengths = [len(p) for p in parts]
        if lengths not in ([4], [4, 2], [4, 2, 2]) or not all(
            p.isascii() and p.isdigit() for p in parts
        ):
            raise ValueError(f"{text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        numbers = [int(p) for p in parts]
        month = numbers[1] if len(numbers) > 1 else None
        day = numbers[2] if len(numbers) > 2 else None
        return cls(numbers[0], month, day)

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        """The full partial date of ``day``.

        >>> str(PartialDate.from_date(dt.date(2023, 7, 1)))
        '2023-07-01'
        """
        return cls(day.year, day.month, day.day)

    @property
    def is_full(self) -> bool:
        """True when the day is known."""
        return self.day is not None

    def to_date(self) -> dt.date:
        """The date, when the day is known; ``ValueError`` for a month or a year.

        >>> PartialDate(2020, 8).to_date()
        Traceback (most recent call last):
        ...
        ValueError: 2020-08 is known only to the month or year: there is no day to use
        """
        if self.month is None or self.day is None:
            raise ValueError(f"{self} is known only to the month or year: there is no day to use")
        return dt.date(self.year, self.month, self.day)

    def last_day(self) -> dt.date:
        """The last day the date could be: itself, the month's last day, or 31 December.

        >>> PartialDate(2024, 2).last_day()
        datetime.date(2024, 2, 29)
        """
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@attrs.frozen
class Source:
    """A source cited by instruments, milestones and duties."""

    id: str
    title: str
    kind: SourceKind
    url: str | None = None
    file: str | None = None
    date: PartialDate | None = None


@attrs.frozen
class Authority:
    """An issuing authority (``cac``, ``miit``, ``state-council`` …)."""

    id: str
    name_en: str
    level: AuthorityLevel
    name_zh: str | None = None


@attrs.frozen
class Role:
    """Who a duty applies to; ``everyone`` for what is open to anyone."""

    id: str
    name_en: str
    name_zh: str
    description: str


@attrs.frozen
class Event:
    """A dated event an organisation records in its profile (``cii-system-go-live``)."""

    id: str
    name_en: str
    name_zh: str
    description: str


@attrs.frozen
class Milestone:
    """A dated step in an instrument's life, with the source the date comes from."""

    kind: MilestoneKind
    date: PartialDate
    source: str
    note: str | None = None


@attrs.frozen
class FixedDate:
    """A one-off deadline; ``from_month`` when the catalog said ``by_end_of = "2020-08"``.

    >>> FixedDate(dt.date(2020, 8, 31), from_month=True).kind
    <RuleKind.FIXED_DATE: 'fixed-date'>
    """

    kind: ClassVar[RuleKind] = RuleKind.FIXED_DATE
    date: dt.date
    from_month: bool = False


@attrs.frozen
class Yearly:
    """A fixed day every year, optionally only from ``first_year`` to ``last_year``."""

    kind: ClassVar[RuleKind] = RuleKind.YEARLY
    month: int
    day: int
    first_year: int | None = None
    last_year: int | None = None


@attrs.frozen
class Recurring:
    """Every ``period`` counted from each date of ``event``: at 1×, 2×, … the period.

    With ``restart``, each later date of the event starts the cycle again: the occurrences counted
    from one date stop at the next ("at least once a year": a year after the latest assessment).
    """

    kind: ClassVar[RuleKind] = RuleKind.RECURRING
    event: str
    period: Period
    restart: bool = False


@attrs.frozen
class AfterEvent:
    """One deadline ``period`` after each date of ``event``."""

    kind: ClassVar[RuleKind] = RuleKind.AFTER_EVENT
    event: str
    period: Period


@attrs.frozen
class BeforeEvent:
    """One deadline ``period`` before each date of ``event``."""

    kind: ClassVar[RuleKind] = RuleKind.BEFORE_EVENT
    event: str
    period: Period


@attrs.frozen
class FollowUp:
    """``period`` after each occurrence of another duty, or after its recorded completion."""

    kind: ClassVar[RuleKind] = RuleKind.FOLLOW_UP
    duty: str
    period: Period
    completion_event: str | None = None


@attrs.frozen
class Validity:
    """What is obtained at ``event`` is valid for ``valid_for``; renew ``renew_before`` its end."""

    kind: ClassVar[RuleKind] = RuleKind.VALIDITY
    event: str
    valid_for: Period
    renew_before: Period | None = None


Rule = FixedDate | Yearly | Recurring | AfterEvent | BeforeEvent | FollowUp | Validity

#: The rule class for each ``kind`` of a rule table.
RULE_CLASSES: Mapping[RuleKind, type[Rule]] = {
    cls.kind: cls
    for cls in (FixedDate, Yearly, Recurring, AfterEvent, BeforeEvent, FollowUp, Validity)
}


_ARTICLES_RE = re.compile(r"Arts?\. (\d+(?:[–-]\d+)?(?:, \d+(?:[–-]\d+)?)*)")


def article_numbers(article: str) -> tuple[int, ...] | None:
    """The article numbers of a reference to the instrument's own articles, else ``None``.

    Only ``Art. 21`` / ``Arts. 7, 12–14`` count; ``PIPL Art. 52`` (another law) and ``—`` do not.

    >>> article_numbers("Arts. 7, 12–14"), article_numbers("PIPL Art. 52")
    ((7, 12, 14), None)
    """
    match = _ARTICLES_RE.fullmatch(article)
    if match is None:
        return None
    return tuple(int(n) for n in re.findall(r"\d+", match.group(1)))


@attrs.frozen
class Renumbering:
    """An amendment that renumbers an instrument's articles from ``effective`` on.

    ``articles`` maps the article references of the instrument's duties, as the catalog writes
    them (the original numbering), to their numbers from ``effective``; ``article_count`` is how
    many articles the instrument has from then on, where known.
    """

    effective: dt.date
    by: str
    source: str
    articles: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    article_count: int | None = None


@attrs.frozen
class ArticleChange:
    """From ``effective`` on, a duty's article is numbered ``article`` (amendment ``by``)."""

    effective: dt.date
    article: str
    by: str


@attrs.frozen
class Duty:
    """A dated duty (or opportunity, target, date to watch) of an instrument."""

    id: str
    instrument_id: str
    title_en: str
    title_zh: str
    article: str
    applies_to: tuple[str, ...]
    nature: Nature
    confidence: Confidence
    sources: tuple[str, ...]
    rule: Rule
    note: str | None = None
    #: The rule counts only from event dates in this range: a duty that a later instrument
    #: changed applies to the events before the change, its successor to those after.
    events_from: dt.date | None = None
    events_until: dt.date | None = None
    #: Renumberings of the duty's article by later amendments, oldest first.
    article_changes: tuple[ArticleChange, ...] = ()

    def article_on(self, day: dt.date) -> str:
        """The duty's article as numbered on ``day``: an amendment that renumbers the
        instrument's articles changes the number cited from its effective date on.

        >>> change = ArticleChange(dt.date(2026, 1, 1), "Art. 23", "csl-amendment")
        >>> duty = Duty("logs", "csl", "Keep logs", "留存日志", "Art. 21", ("network-operator",),
        ...             Nature.OBLIGATION, Confidence.VERIFIED, ("s",),
        ...             FixedDate(dt.date(2026, 1, 1)), article_changes=(change,))
        >>> duty.article_on(dt.date(2025, 12, 31)), duty.article_on(dt.date(2026, 1, 1))
        ('Art. 21', 'Art. 23')
        """
        article = self.article
        for change in self.article_changes:
            if change.effective > day:
                break
            article = change.article
        return article

    #: Why the duty stops applying after ``events_until`` (superseded in practice …): the
    #: explanation of its dates says so.
    events_until_note: str | None = None
    #: Where the duty binds when not where its instrument does (an ISO 3166-2:CN code).
    jurisdiction: str | None = None

    def counts_from(self, day: dt.date) -> bool:
        """Whether an event on ``day`` falls in the duty's ``events_from``..``events_until``."""
        if self.events_from is not None and day < self.events_from:
            return False
        return self.events_until is None or day <= self.events_until

    @property
    def is_binding(self) -> bool:
        """False for a draft's duty and for anything that is not an obligation.

        >>> duty = Duty("d", "i", "T", "题", "—", ("everyone",), Nature.OPPORTUNITY,
        ...             Confidence.VERIFIED, ("s",), FixedDate(dt.date(2026, 1, 1)))
        >>> duty.is_binding
        False
        """
        return self.nature is Nature.OBLIGATION and self.confidence is not Confidence.DRAFT


@attrs.frozen
class Instrument:
    """A law, regulation, rule, standard, draft … with its milestones and duties."""

    id: str
    title_en: str
    authorities: tuple[str, ...]
    kind: InstrumentKind
    status: Status
    sources: tuple[str, ...]
    milestones: tuple[Milestone, ...]
    duties: tuple[Duty, ...] = ()
    title_zh: str | None = None
    short_name: str | None = None
    superseded_by: str | None = None
    revises: str | None = None
    amended_by: str | None = None
    note: str | None = None
    #: How many articles the instrument has in its original numbering, where known.
    article_count: int | None = None
    #: Amendments that renumber its articles, oldest first.
    renumberings: tuple[Renumbering, ...] = ()
    #: Where the instrument binds: ``CN`` (national), a province's ISO 3166-2:CN code
    #: (``CN-SH``) or a city as the province code plus the city (``CN-GD-shenzhen``).
    jurisdiction: str = "CN"

    @property
    def is_draft(self) -> bool:
        """True for a draft for comment."""
        return self.status is Status.DRAFT


_T = TypeVar("_T", Source, Authority, Role, Event, Instrument, Duty)


def _unique(ids: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise CatalogError(f"catalog: {what} id {ident!r} is defined twice; ids are unique")
        seen.add(ident)


def _index(items: Iterable[_T], what: str) -> dict[str, _T]:
    items = tuple(items)
    _unique((item.id for item in items), what)
    return {item.id: item for item in items}


def _find(index: Mapping[str, _T], key: str, what: str) -> _T:
    try:
        return index[key]
    except (KeyError, TypeError):
        near = difflib.get_close_matches(str(key), list(index), n=3)
        hint = f"did you mean {', '.join(map(repr, near))}?" if near else "no id is close to it"
        raise UnknownIdError(f"the catalog has no {what} {key!r}; {hint}") from None


@attrs.frozen
class Catalog:
    """The instruments, their duties, and the sources, authorities, roles and events they cite.

    >>> c = Catalog(revision=dt.date(2026, 11, 22), roles=(Role("ciio", "CIIO", "关基运营者", "…"),))
    >>> c.role("ciio").name_en
    'CIIO'
    >>> c.role("cio")
    Traceback (most recent call last):
    ...
    cnreg_calendar.errors.UnknownIdError: the catalog has no role 'cio'; did you mean 'ciio'?
    """

    revision: dt.date
    sources: tuple[Source, ...] = ()
    authorities: tuple[Authority, ...] = ()
    roles: tuple[Role, ...] = ()
    events: tuple[Event, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    _sources: dict[str, Source] = attrs.field(init=False, repr=False, eq=False)
    _authorities: dict[str, Authority] = attrs.field(init=False, repr=False, eq=False)
    _roles: dict[str, Role] = attrs.field(init=False, repr=False, eq=False)
    _events: dict[str, Event] = attrs.field(init=False, repr=False, eq=False)
    _instruments: dict[str, Instrument] = attrs.field(init=False, repr=False, eq=False)
    _duties: dict[str, Duty] = attrs.field(init=False, repr=False, eq=False)
    #: Every duty of every instrument, in file order.
    duties: tuple[Duty, ...] = attrs.field(init=False, repr=False, eq=False)

    def __repr__(self) -> str:
        """Counts, not contents: the whole catalog would print about 136,000 characters.

        >>> Catalog(revision=dt.date(2026, 11, 22))
        Catalog(revision=2026-11-22, 0 instruments, 0 duties, 0 roles, 0 events, 0 sources)
        """
        return (
            f"Catalog(revision={self.revision}, {len(self.instruments)} instruments, "
            f"{len(self.duties)} duties, {len(self.roles)} roles, {len(self.events)} events, "
            f"{len(self.sources)} sources)"
        )

    def __attrs_post_init__(self) -> None:
        duties = [duty for instrument in self.instruments for duty in instrument.duties]
        # Instrument and duty ids share one namespace.
        _unique([*(i.id for i in self.instruments), *(d.id for d in duties)], "instrument or duty")
        indexes = {
            "_sources": _index(self.sources, "source"),
            "_authorities": _index(self.authorities, "authority"),
            "_roles": _index(self.roles, "role"),
            "_events": _index(self.events, "event"),
            "_instruments": _index(self.instruments, "instrument"),
            "_duties": _index(duties, "duty"),
        }
        for name, index in indexes.items():
            object.__setattr__(self, name, index)
        object.__setattr__(self, "duties", tuple(duties))

    def instrument(self, id: str) -> Instrument:
        """The instrument ``id``; :class:`UnknownIdError` (a ``KeyError``) suggests near ids."""
        return _find(self._instruments, id, "instrument")

    def duty(self, id: str) -> Duty:
        """The duty ``id``; :class:`UnknownIdError` (a ``KeyError``) suggests near ids."""
        return _find(self._duties, id, "duty")

    def role(self, id: str) -> Role:
        """The role ``id``; :class:`UnknownIdError` (a ``KeyError``) suggests near ids."""
        return _find(self._roles, id, "role")

    def event(self, id: str) -> Event:
        """The event ``id``; :class:`UnknownIdError` (a ``KeyError``) suggests near ids."""
        return _find(self._events, id, "event")

    def source(self, id: str) -> Source:
        """The source ``id``; :class:`UnknownIdError` (a ``KeyError``) suggests near ids."""
        return _find(self._sources, id, "source")

    def authority(self, id: str) -> Authority:
        """The authority ``id``; :class:`UnknownIdError` (a ``KeyError``) suggests near ids."""
        return _find(self._authorities, id, "authority")

    def duties_for_roles(self, roles: Iterable[str]) -> tuple[Duty, ...]:
        """The duties that apply to any of ``roles``, in file order (``everyone`` is not implied).

        >>> Catalog(revision=dt.date(2026, 1, 1)).duties_for_roles(["ciio"])
        ()
        """
        wanted = set(roles)
        return tuple(d for d in self.duties if wanted.intersection(d.applies_to))

    def merge(self, other: Catalog) -> Catalog:
        """This catalog followed by ``other``; the newer revision; duplicate ids raise CatalogError.

        >>> a = Catalog(revision=dt.date(2026, 1, 1))
        >>> a.merge(Catalog(revision=dt.date(2026, 2, 1))).revision
        datetime.date(2026, 2, 1)
        """
        return Catalog(
            revision=max(self.revision, other.revision),
            sources=self.sources + other.sources,
            authorities=self.authorities + other.authorities,
            roles=self.roles + other.roles,
            events=self.events + other.events,
            instruments=self.instruments + other.instruments,
        )
