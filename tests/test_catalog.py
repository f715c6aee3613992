"""Tests for the catalog models (cnreg_calendar.model) and loader (cnreg_calendar.catalog)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnreg_calendar.catalog import default_catalog_path, load_catalog
from cnreg_calendar.errors import CatalogError
from cnreg_calendar.model import (
    AfterEvent,
    BeforeEvent,
    Catalog,
    Confidence,
    FixedDate,
    FollowUp,
    InstrumentKind,
    MilestoneKind,
    Nature,
    PartialDate,
    Recurring,
    SourceKind,
    Status,
    UnknownIdError,
    Validity,
    Yearly,
)
from cnreg_calendar.periods import Period

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini_catalog.toml"
BAD = DATA / "bad_catalogs"
MINI_TEXT = MINI.read_text(encoding="utf-8")


def load_variant(tmp_path: Path, old: str, new: str) -> CatalogError:
    """Load the mini catalog with ``old`` replaced by ``new`` once, and return the error raised."""
    assert 1 == MINI_TEXT.count(old), old
    path = tmp_path / "variant.toml"
    path.write_text(MINI_TEXT.replace(old, new), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    return info.value


# --- the mini catalog -----------------------------------------------------------------------------


def test_mini_catalog_top_level() -> None:
    """The mini catalog's revision and tables load in file order."""
    catalog = load_catalog(MINI)
    assert dt.date(2026, 11, 22) == catalog.revision
    assert ["seed-000", "primary-ccr"] == [s.id for s in catalog.sources]
    assert ["state-council", "cac"] == [a.id for a in catalog.authorities]
    assert ["ciio", "everyone"] == [r.id for r in catalog.roles]
    assert ["ccr-2023", "ccr-draft-2020"] == [i.id for i in catalog.instruments]


def test_mini_catalog_instrument() -> None:
    """An instrument keeps every field, as enums, tuples and partial dates."""
    ccr = load_catalog(MINI).instrument("ccr-2023")
    assert ("CCR", "商用密码管理条例") == (ccr.short_name, ccr.title_zh)
    assert (InstrumentKind.ADMINISTRATIVE_REGULATION, Status.IN_FORCE) == (ccr.kind, ccr.status)
    assert ("seed-000", "primary-ccr") == ccr.sources
    assert [
        (MilestoneKind.PUBLISHED, PartialDate(2023, 5, 24), None),
        (MilestoneKind.EFFECTIVE, PartialDate(2023, 7, 1), None),
        (MilestoneKind.TARGET, PartialDate(2020, 8), "400,000 apps tested"),
    ] == [(m.kind, m.date, m.note) for m in ccr.milestones]
    assert False is ccr.is_draft


def test_mini_catalog_sources_and_authorities() -> None:
    """Optional keys of sources and authorities are kept, absent ones are None."""
    catalog = load_catalog(MINI)
    primary = catalog.source("primary-ccr")
    assert (SourceKind.PRIMARY, PartialDate(2023, 4), None) == (
        primary.kind,
        primary.date,
        primary.file,
    )
    assert None is catalog.authority("cac").name_zh


def test_draft_instrument() -> None:
    """A draft names the instrument that superseded it and is a draft."""
    draft = load_catalog(MINI).instrument("ccr-draft-2020")
    assert ("ccr-2023", True) == (draft.superseded_by, draft.is_draft)
    assert PartialDate(2020) == draft.milestones[0].date


def test_every_rule_kind_parses() -> None:
    """Each of the seven rule kinds becomes its rule class."""
    rules = {d.id: d.rule for d in load_catalog(MINI).duties}
    assert {
        "ccr-assessment-annual": Recurring("cii-system-go-live", Period.parse("1 year")),
        "ccr-assessment-report": FollowUp(
            "ccr-assessment-annual", Period.parse("10 working days"), "assessment-completed"
        ),
        "ccr-filing": AfterEvent("cii-system-go-live", Period.parse("30 days")),
        "ccr-renewal": Validity(
            "licence-granted", Period.parse("2 years"), Period.parse("60 working days")
        ),
        "ccr-notice-before-renewal": BeforeEvent("licence-granted", Period.parse("6 months")),
        "ccr-annual-report": Yearly(1, 31, 2024, 2030),
        "ccr-draft-comments": FixedDate(dt.date(2020, 8, 31), from_month=True),
        "ccr-draft-leap-day": FixedDate(dt.date(2024, 2, 29)),
    } == rules


def test_duties_know_their_instrument() -> None:
    """Every duty carries the id of the instrument that defines it."""
    catalog = load_catalog(MINI)
    assert {"ccr-2023", "ccr-draft-2020"} == {d.instrument_id for d in catalog.duties}
    assert "ccr-draft-2020" == catalog.duty("ccr-draft-comments").instrument_id


def test_duty_fields_and_binding() -> None:
    """A draft's opportunity is not binding; a verified obligation is."""
    catalog = load_catalog(MINI)
    comments = catalog.duty("ccr-draft-comments")
    assert (Nature.OPPORTUNITY, Confidence.DRAFT, ("everyone",)) == (
        comments.nature,
        comments.confidence,
        comments.applies_to,
    )
    assert [False, True, False] == [
        catalog.duty(i).is_binding
        for i in ("ccr-draft-comments", "ccr-filing", "ccr-notice-before-renewal")
    ]


def test_duties_for_roles() -> None:
    """Duties for a role are those that list it, in file order."""
    catalog = load_catalog(MINI)
    assert ("ccr-draft-comments", "ccr-draft-leap-day") == tuple(
        d.id for d in catalog.duties_for_roles(["everyone"])
    )


def test_unknown_id_suggests_the_nearest() -> None:
    """A lookup of an unknown id raises a KeyError naming the nearest id."""
    with pytest.raises(KeyError) as info:
        load_catalog(MINI).duty("ccr-filling")
    assert isinstance(info.value, UnknownIdError)
    assert "the catalog has no duty 'ccr-filling'; did you mean 'ccr-filing'?" == str(info.value)


# --- partial dates --------------------------------------------------------------------------------


def test_partial_date_text_and_last_day() -> None:
    """A partial date prints as given and its last possible day is the period's end."""
    assert ["2020", "2020-02", "2020-02-03"] == [
        str(PartialDate.parse(t)) for t in ("2020", "2020-02", "2020-02-03")
    ]
    assert [dt.date(2020, 12, 31), dt.date(2020, 2, 29), dt.date(2020, 2, 3)] == [
        PartialDate.parse(t).last_day() for t in ("2020", "2020-02", "2020-02-03")
    ]


def test_partial_date_order_and_to_date() -> None:
    """Partial dates sort by what is known, and only full ones convert to a date."""
    dates = [PartialDate(2021), PartialDate(2020, 8, 1), PartialDate(2020), PartialDate(2020, 8)]
    assert ["2020", "2020-08", "2020-08-01", "2021"] == [str(d) for d in sorted(dates)]
    assert dt.date(2020, 8, 1) == PartialDate(2020, 8, 1).to_date()
    with pytest.raises(ValueError, match="known only to the month"):
        PartialDate(2020, 8).to_date()


# --- validation -----------------------------------------------------------------------------------

CASES = {
    "unknown key": (
        'short_name = "CCR"',
        'shortname = "CCR"',
        "instruments[0] (ccr-2023) has an unknown key 'shortname'; did you mean 'short_name'?",
    ),
    "missing key": (
        'title_en = "Report the assessment result"\n',
        "",
        "instruments[0] (ccr-2023).duties[1] (ccr-assessment-report) lacks the required key "
        "'title_en'; add it",
    ),
    "wrong type": (
        'authorities = ["state-council"]',
        'authorities = "state-council"',
        "instruments[0] (ccr-2023).authorities must be a list of authority ids, not 'state-council'",
    ),
    "bool is not a number": (
        "month = 1,",
        "month = true,",
        "duties[5] (ccr-annual-report).rule.month must be a month number, not True; "
        "write a whole number from 1 to 12",
    ),
    "enum value": (
        'kind = "administrative-regulation"\nstatus = "in-force"',
        'kind = "regulation"\nstatus = "in-force"',
        "instruments[0] (ccr-2023).kind must be an instrument kind, not 'regulation'; "
        "accepted values: law, administrative-regulation, departmental-rule",
    ),
    "partial date": (
        'date = "2023-07-01"',
        'date = "1 July 2023"',
        "instruments[0] (ccr-2023).milestones[1].date must be a full or partial date, not "
        '\'1 July 2023\'; write a TOML date (2023-05-24) or a string "2023-05-24", "2020-08" or "2020"',
    ),
    "impossible date": (
        'date = "2020-08"',
        'date = "2020-13"',
        "milestones[2].date must be a full or partial date, not '2020-13'",
    ),
    "revision to the month": (
        "revision = 2026-11-22",
        'revision = "2026-11"',
        "revision must be a full date, not '2026-11'",
    ),
    "revision with a time": (
        "revision = 2026-11-22",
        "revision = 2026-11-22T10:00:00",
        "revision must be a full date, not 2026-11-22T10:00:00",
    ),
    "format version": (
        "format = 1",
        "format = 2",
        "format must be the format version, not 2; write format = 1, the version this library reads",
    ),
    "id format": (
        'id = "ccr-filing"',
        'id = "CCR_filing"',
        "duties[2].id must be an id, not 'CCR_filing'; use lower-case letters, digits and '-'",
    ),
    "duplicate id": (
        'id = "ccr-filing"',
        'id = "ccr-2023"',
        "duties[2] (ccr-2023).id repeats the id 'ccr-2023'; already used by the instrument at ",
    ),
    "unknown authority": (
        'authorities = ["state-council", "cac"]',
        'authorities = ["state-council", "cca"]',
        "instruments[1] (ccr-draft-2020).authorities[1] names an unknown authority 'cca'; "
        "did you mean 'cac'?",
    ),
    "unknown role": (
        'applies_to = ["everyone"]\nnature = "opportunity"',
        'applies_to = ["every-one"]\nnature = "opportunity"',
        "duties[0] (ccr-draft-comments).applies_to[0] names an unknown role 'every-one'; "
        "did you mean 'everyone'?",
    ),
    "unknown event": (
        'event = "cii-system-go-live", period = "30 days"',
        'event = "go-live", period = "30 days"',
        "duties[2] (ccr-filing).rule.event names an unknown event 'go-live'",
    ),
    "unknown source": (
        'sources = ["seed-000"]\n\n[[instruments.milestones]]\nkind = "comment-end"',
        'sources = ["seed-001"]\n\n[[instruments.milestones]]\nkind = "comment-end"',
        "instruments[1] (ccr-draft-2020).sources[0] names an unknown source 'seed-001'; "
        "did you mean 'seed-000'?",
    ),
    "unknown superseding instrument": (
        'superseded_by = "ccr-2023"',
        'superseded_by = "ccr-2024"',
        "instruments[1] (ccr-draft-2020).superseded_by names an unknown instrument 'ccr-2024'",
    ),
    "unknown follow-up duty": (
        'duty = "ccr-assessment-annual"',
        'duty = "ccr-assessment"',
        "duties[1] (ccr-assessment-report).rule.duty names an unknown duty 'ccr-assessment'",
    ),
    "follow-up loop": (
        'duty = "ccr-assessment-annual"',
        'duty = "ccr-assessment-report"',
        "duties[1] (ccr-assessment-report).rule.duty makes a follow-up loop: "
        "'ccr-assessment-report → ccr-assessment-report'",
    ),
    "period": (
        'period = "30 days"',
        'period = "30 dayz"',
        "duties[2] (ccr-filing).rule.period must be a period, not '30 dayz'; period '30 dayz' is not "
        "understood",
    ),
    "optional period": (
        'renew_before = "60 working days"',
        'renew_before = "60"',
        "duties[3] (ccr-renewal).rule.renew_before must be a period, not '60'",
    ),
    "yearly month": (
        "month = 1,",
        "month = 13,",
        "duties[5] (ccr-annual-report).rule.month must be a month number, not 13",
    ),
    "yearly day": (
        "month = 1, day = 31",
        "month = 4, day = 31",
        "duties[5] (ccr-annual-report).rule.day is not a day of month 4: 31",
    ),
    "yearly years": (
        "first_year = 2024",
        "first_year = 2031",
        "duties[5] (ccr-annual-report).rule.last_year is before first_year 2031: 2030",
    ),
    "rule kind": (
        'kind = "recurring"',
        'kind = "monthly"',
        "duties[0] (ccr-assessment-annual).rule.kind must be a rule kind, not 'monthly'; "
        "accepted values: fixed-date, yearly, recurring",
    ),
    "rule key": (
        'event = "cii-system-go-live", period = "30 days"',
        'event = "cii-system-go-live", perod = "30 days"',
        "duties[2] (ccr-filing).rule has an unknown key 'perod'; did you mean 'period'?",
    ),
    "by_end_of a year": (
        'by_end_of = "2020-08"',
        'by_end_of = "2020"',
        "duties[0] (ccr-draft-comments).rule.by_end_of must be a month, not '2020'; "
        'write a string "YYYY-MM"',
    ),
    "fixed date twice": (
        'by_end_of = "2020-08"',
        'by_end_of = "2020-08", date = 2020-08-01',
        "duties[0] (ccr-draft-comments).rule needs exactly one of 'date, by_end_of'",
    ),
    "fixed date partial": (
        "date = 2024-02-29",
        'date = "2024-02"',
        "duties[1] (ccr-draft-leap-day).rule.date must be a full date, not '2024-02'",
    ),
    "table expected": (
        'rule = { kind = "validity"',
        'rule = "validity"\nx = { kind = "validity"',
        "duties[3] (ccr-renewal).rule must be a rule table, not 'validity'",
    ),
}


@pytest.mark.parametrize(("old", "new", "expected"), CASES.values(), ids=CASES.keys())
def test_each_problem_is_reported(tmp_path: Path, old: str, new: str, expected: str) -> None:
    """Each kind of problem is one line naming the file, the path, the value and the fix."""
    error = load_variant(tmp_path, old, new)
    matching = [p for p in error.problems if expected in p]
    assert 1 == len(matching), error.problems
    assert matching[0].startswith(f"{tmp_path / 'variant.toml'}: ")
    assert (
        f"{tmp_path / 'variant.toml'}: {len(error.problems)} problem" in str(error).split("\n")[0]
    )


def test_leap_day_is_a_valid_yearly_day(tmp_path: Path) -> None:
    """A yearly rule may fall on 29 February."""
    path = tmp_path / "leap.toml"
    path.write_text(MINI_TEXT.replace("month = 1, day = 31", "month = 2, day = 29"), "utf-8")
    assert Yearly(2, 29, 2024, 2030) == load_catalog(path).duty("ccr-annual-report").rule


def test_string_full_date_equals_toml_date(tmp_path: Path) -> None:
    """A string "2023-05-24" is the same full date as the TOML date 2023-05-24."""
    path = tmp_path / "string-date.toml"
    path.write_text(MINI_TEXT.replace("date = 2024-02-29", 'date = "2024-02-29"'), "utf-8")
    assert FixedDate(dt.date(2024, 2, 29)) == load_catalog(path).duty("ccr-draft-leap-day").rule


def test_several_problems_are_reported_together() -> None:
    """Every problem of a file is in one error, one line each, after a header counting them."""
    with pytest.raises(CatalogError) as info:
        load_catalog(BAD / "many_problems.toml")
    name = str(BAD / "many_problems.toml")
    expected = [
        "sources[0].id must be an id, not 'Seed 000'",
        "sources[0].kind must be a source kind, not 'blog'; accepted values: newsletter, primary, "
        "secondary",
        "roles[0] (ciio) has an unknown key 'descripton'; did you mean 'description'?",
        "roles[0] (ciio) lacks the required key 'description'",
        "instruments[0] (mlps-measures).authorities[0] names an unknown authority 'cca'",
        "instruments[0] (mlps-measures).sources[0] names an unknown source 'seed-000'",
        "instruments[0] (mlps-measures).milestones[0].date must be a full or partial date, not "
        "'2020-13'",
        "instruments[0] (mlps-measures).milestones[0].source names an unknown source 'seed-000'",
        "instruments[0] (mlps-measures).duties[0] (mlps-filing).rule.event names an unknown event "
        "'go-live'",
        "instruments[0] (mlps-measures).duties[0] (mlps-filing).rule.period must be a period, not "
        "'10 fortnights'",
    ]
    assert len(expected) == len(info.value.problems)
    assert all(
        p.startswith(name + ": " + e) for p, e in zip(info.value.problems, expected, strict=True)
    )
    assert [f"{name}: 10 problems", *info.value.problems] == str(info.value).split("\n")


def test_toml_syntax_error_names_line_and_column() -> None:
    """A TOML syntax error reports the file, the line and the column."""
    with pytest.raises(CatalogError) as info:
        load_catalog(BAD / "syntax_error.toml")
    assert (
        f"{BAD / 'syntax_error.toml'}: line 6, column 16 is not valid TOML: Illegal character "
        "'\\n'; fix the TOML syntax there",
    ) == info.value.problems


def test_non_utf8_file() -> None:
    """A file that is not UTF-8 is reported with the line of the first bad byte."""
    with pytest.raises(CatalogError) as info:
        load_catalog(BAD / "not_utf8.toml")
    assert (
        f"{BAD / 'not_utf8.toml'}: line 3 is not UTF-8 text: byte b'\\xff' at offset 35; "
        "save the file as UTF-8",
    ) == info.value.problems


def test_missing_file() -> None:
    """A file that cannot be read is a CatalogError naming it."""
    with pytest.raises(CatalogError, match=r"nowhere\.toml: the file cannot be read"):
        load_catalog(BAD / "nowhere.toml")


# --- combining files ------------------------------------------------------------------------------


def test_combining_files_refers_to_earlier_ids() -> None:
    """A later file may use the ids of an earlier one; the result holds both, in order."""
    catalog = load_catalog([MINI, BAD / "extension.toml"])
    assert ["ccr-2023", "ccr-draft-2020", "incident-measures"] == [
        i.id for i in catalog.instruments
    ]
    assert dt.date(2026, 12, 1) == catalog.revision
    assert "ccr-2023" == catalog.instrument("incident-measures").revises
    assert FollowUp("ccr-assessment-annual", Period.parse("4 hours")) == (
        catalog.duty("incident-report").rule
    )


def test_a_file_cannot_refer_to_a_later_one() -> None:
    """The references of the first file resolve only against itself and earlier files."""
    with pytest.raises(CatalogError) as info:
        load_catalog([BAD / "extension.toml", MINI])
    assert 7 == len(info.value.problems)
    assert any("revises names an unknown instrument 'ccr-2023'" in p for p in info.value.problems)


def test_duplicate_id_across_files() -> None:
    """An id used by an earlier file is an error in the later one, naming where it was first used."""
    with pytest.raises(CatalogError) as info:
        load_catalog([MINI, BAD / "duplicate.toml"])
    assert (
        f"{BAD / 'duplicate.toml'}: instruments[0] (ccr-filing).id repeats the id 'ccr-filing'; "
        f"already used by the duty at {MINI}: instruments[0] (ccr-2023).duties[2] (ccr-filing); "
        "give each its own id",
    ) == info.value.problems


def test_merge_refuses_duplicates() -> None:
    """Catalog.merge combines catalogs and refuses one whose ids are already used."""
    mini = load_catalog(MINI)
    empty = Catalog(revision=dt.date(2027, 1, 1))
    assert (dt.date(2027, 1, 1), mini.duties) == (
        mini.merge(empty).revision,
        mini.merge(empty).duties,
    )
    with pytest.raises(CatalogError, match="'ccr-2023' is defined twice"):
        mini.merge(mini)


# --- robustness -----------------------------------------------------------------------------------


def problems_of(path: Path) -> tuple[str, ...]:
    """The problems loading ``path`` reports: none when it loads; anything but CatalogError fails."""
    try:
        load_catalog(path)
    except CatalogError as error:
        return error.problems
    return ()


def assert_only_catalog_errors(directory: Path, data: bytes) -> None:
    """Loading ``data`` as a file either succeeds or raises CatalogError, nothing else."""
    path = directory / "fuzz.toml"
    path.write_bytes(data)
    assert all(p.startswith(f"{path}: ") and "\n" not in p for p in problems_of(path))


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_random_text_raises_only_catalog_errors(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Any text is either a catalog or a CatalogError."""
    assert_only_catalog_errors(tmp_path_factory.mktemp("text"), text.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(data=st.binary())
def test_random_bytes_raise_only_catalog_errors(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    """Any bytes are either a catalog or a CatalogError."""
    assert_only_catalog_errors(tmp_path_factory.mktemp("bytes"), data)


MINI_BYTES = MINI.read_bytes()


@settings(max_examples=300, deadline=None)
@given(end=st.integers(0, len(MINI_BYTES)))
def test_truncated_catalog_raises_only_catalog_errors(
    tmp_path_factory: pytest.TempPathFactory, end: int
) -> None:
    """Every prefix of a valid catalog file is either a catalog or a CatalogError."""
    assert_only_catalog_errors(tmp_path_factory.mktemp("prefix"), MINI_BYTES[:end])


@settings(max_examples=300, deadline=None)
@given(
    line=st.integers(0, MINI_TEXT.count("\n")),
    value=st.sampled_from(
        ["1", "true", "-5", "1e400", '"x"', '""', "[]", "[1, [2]]", "{}", "2020-01-01T00:00:00"]
    ),
)
def test_wrong_values_anywhere_raise_only_catalog_errors(
    tmp_path_factory: pytest.TempPathFactory, line: int, value: str
) -> None:
    """Replacing the value of any line by a value of another type is reported, never crashes."""
    lines = MINI_TEXT.split("\n")
    key, sep, _ = lines[line].partition(" = ")
    if sep:
        lines[line] = f"{key} = {value}"
    path = tmp_path_factory.mktemp("mutated") / "mutated.toml"
    path.write_text("\n".join(lines), "utf-8")
    assert all(p.startswith(f"{path}: ") for p in problems_of(path))


# --- the bundled catalog --------------------------------------------------------------------------


def test_bundled_catalog_loads() -> None:
    """The bundled catalog loads, has at least 60 instruments, and is cached."""
    catalog = load_catalog()
    assert True is (len(catalog.instruments) >= 60)
    assert catalog is load_catalog()
    assert "instruments.toml" == default_catalog_path().name
