"""The 2024–2026 catalog: articles as of a date, refusal of articles a numbering lacks, the data
changelog, the watch over 2026 and the empty watch, the new role.

Golden data comes from the sources, not from the code: the Cybersecurity Law amendment decision of
2025-10-28 (in force 2026-01-01) inserts a new Art. 3 and a new Art. 20, and its new Art. 61 cites the
log-keeping duty of the old Art. 21 as Art. 23; the 2016 law has 79 articles (Art. 79: entry into
force). Catalog dates are read from ``data/instruments.toml`` with ``tomllib``, not with the library.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import tomllib
from pathlib import Path

import pytest

from cnreg_calendar import Profile, load_catalog, schedule
from cnreg_calendar.catalog import parse_catalog
from cnreg_calendar.changelog import load_changelog, parse_changelog
from cnreg_calendar.cli import main
from cnreg_calendar.errors import CatalogError

ROOT = Path(__file__).resolve().parents[1]
DATA = tomllib.loads((ROOT / "data" / "instruments.toml").read_text("utf-8"))
CATALOG = load_catalog()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# --- articles as of a date ------------------------------------------------------------------------


def _cited(explanation: str) -> str:
    """The article the explanation's second line (instrument, article) cites."""
    return explanation.splitlines()[1].rsplit(", ", 1)[1]


def test_log_retention_cites_the_article_in_force_on_each_deadline() -> None:
    """A log kept from 2025-03-03 is due 2025-09-03 (Art. 21); one from 2025-08-01, due in 2026,
    cites the amended number, Art. 23."""
    profile = Profile(
        "Logs Co.",
        roles=("network-operator",),
        events={"network-log-recorded": [dt.date(2025, 3, 3), dt.date(2025, 8, 1)]},
    )
    found = [
        d
        for d in schedule(profile, dt.date(2025, 1, 1), dt.date(2026, 12, 31))
        if d.duty.id == "network-log-retention"
    ]
    by_year = {d.date.year: _cited(d.explanation()) for d in found}
    assert {2025: "Art. 21", 2026: "Art. 23"} == by_year


def test_article_on_switches_on_the_amendments_effective_day() -> None:
    duty = CATALOG.duty("network-log-retention")
    assert "Art. 21" == duty.article_on(dt.date(2025, 12, 31))
    assert "Art. 23" == duty.article_on(dt.date(2026, 1, 1))
    assert "cybersecurity-law-amendment-2025" == duty.article_changes[0].by
    law = CATALOG.instrument("cybersecurity-law-2016")
    assert "cybersecurity-law-amendment-2025" == law.amended_by
    assert (79, dt.date(2026, 1, 1)) == (law.article_count, law.renumberings[0].effective)


def test_deadlines_json_gives_the_article_of_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    profile = ROOT / "tests" / "data" / "logs-profile.toml"
    status, out, err = run(
        capsys,
        "deadlines",
        "--profile",
        str(profile),
        "--from",
        "2025-01-01",
        "--to",
        "2026-12-31",
        "--json",
    )
    assert 0 == status, err
    rows = [r for r in json.loads(out)["deadlines"] if r["duty"] == "network-log-retention"]
    assert {r["date"][:4]: r["article"] for r in rows} == {"2025": "Art. 21", "2026": "Art. 23"}


MINI = """
format = 1
revision = 2026-12-02
[[sources]]
id = "s"
title = "a source"
kind = "primary"
[[roles]]
id = "network-operator"
name_en = "Network operator"
name_zh = "网络运营者"
description = "…"
[[events]]
id = "log"
name_en = "Log"
name_zh = "日志"
description = "…"
[[instruments]]
id = "law"
title_en = "A law"
authorities = []
kind = "law"
status = "amended"
amended_by = "amendment"
sources = ["s"]
milestones = [{ kind = "effective", date = 2017-06-01, source = "s" }]
article_count = 79
renumberings = [RENUMBERINGS]
[[instruments.duties]]
id = "keep-logs"
title_en = "Keep logs"
title_zh = "留存日志"
article = "ARTICLE"
applies_to = ["network-operator"]
nature = "obligation"
confidence = "verified"
sources = ["s"]
rule = { kind = "after-event", event = "log", period = "6 months" }
[[instruments]]
id = "amendment"
title_en = "An amendment"
authorities = []
kind = "law"
status = "in-force"
revises = "law"
sources = ["s"]
milestones = [{ kind = "effective", date = 2026-01-01, source = "s" }]
"""
RENUMBERED = '{ effective = 2026-01-01, by = "amendment", source = "s", articles = { "Art. 21" = "Art. 23" } }'


def mini(article: str = "Art. 21", renumberings: str = RENUMBERED) -> str:
    return MINI.replace("ARTICLE", article).replace("RENUMBERINGS", renumberings)


def test_the_mini_catalog_loads() -> None:
    duty = parse_catalog(mini()).duty("keep-logs")
    assert ("Art. 21", "Art. 23") == (
        duty.article_on(dt.date(2025, 1, 1)),
        duty.article_on(dt.date(2026, 1, 1)),
    )


@pytest.mark.parametrize(
    ("article", "renumberings", "message"),
    [
        # The 2016 law has 79 articles: there is no Art. 85 to cite.
        (
            "Art. 85",
            RENUMBERED.replace("Art. 21", "Art. 85"),
            "cites an article the instrument does not have as first numbered (79 articles): "
            "'Art. 85'",
        ),
        # The amendment's mapping must say what the duty's article becomes.
        ("Art. 38", RENUMBERED, "does not say what duty 'keep-logs''s article is numbered from"),
        # A renumbered article beyond the amended law's length.
        (
            "Art. 21",
            RENUMBERED.replace("Art. 23", "Art. 90").replace("} }", "}, article_count = 81 }"),
            "cites an article the instrument does not have from 2026-01-01 (81 articles): 'Art. 90'",
        ),
        # Not an article reference.
        ("Art. 21", RENUMBERED.replace('"Art. 23"', '"twenty-three"'), "renumberings[0].articles"),
        # Renumberings oldest first.
        (
            "Art. 21",
            RENUMBERED + ", " + RENUMBERED.replace("2026-01-01", "2025-01-01"),
            "are not in date order",
        ),
    ],
)
def test_validation_refuses_an_article_the_numbering_lacks(
    article: str, renumberings: str, message: str
) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(mini(article, renumberings), "mini.toml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("mini.toml: ")


# --- the data changelog -------------------------------------------------------------------------


def test_the_changelog_is_current_and_names_real_ids() -> None:
    log = load_changelog()
    assert DATA["revision"] == log[0].date == CATALOG.revision
    for revision in log:
        for ident in (*revision.added, *revision.changed):
            assert ident in {i["id"] for i in DATA["instruments"]} | {
                d["id"] for i in DATA["instruments"] for d in i.get("duties", [])
            }, ident


def test_the_changelog_lists_every_instrument_resting_on_read_addresses() -> None:
    """The first revision cited the seeds and the reference notes only; an instrument none of
    whose sources is one of those came later and must be in the changelog."""
    first = {
        s["id"] for s in DATA["sources"] if s["kind"] == "newsletter" or s["id"].startswith("ref-")
    } | {s["id"] for s in DATA["sources"] if "url" not in s}
    later = {i["id"] for i in DATA["instruments"] if not set(i["sources"]) & first}
    added = {ident for revision in load_changelog() for ident in revision.added}
    assert later
    assert later <= added, later - added


def test_catalog_changes_shows_this_revision(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "catalog", "changes", "--since", "2026-12-01")
    assert (0, "") == (status, err)
    assert out.startswith("2026-12-02  ")
    assert "network-log-retention" in out
    assert "facial-recognition-security-measures-2025" in out
    assert "2026-11-22" not in out
    assert out.rstrip().endswith("1 catalog revision(s) since 2026-12-01")


def test_catalog_changes_json_and_all(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "catalog", "changes", "--json")
    rows = json.loads(out)
    assert 0 == status
    assert ["2026-12-02", "2026-11-22"] == [r["date"] for r in rows]


def test_catalog_changes_refuses_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "catalog", "changes", "--since", "December")
    assert (2, "") == (status, out)
    assert 1 == len(err.strip().splitlines())
    assert "'December' is not a date" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('format = 1\n[[revision]]\ndate = 2026-12-02\nsummary = ""', "summary must be non-empty"),
        (
            'format = 1\n[[revision]]\ndate = 2026-11-01\nsummary = "a"\n'
            '[[revision]]\ndate = 2026-12-01\nsummary = "b"',
            "newest first",
        ),
        ('format = 1\n[[revision]]\ndate = 2026-12-02\nsummary = "a"\nadded = "x"', "list of ids"),
        (
            'format = 1\n[[revision]]\ndate = 2026-12-02\nsummary = "a"\nwhy = 1',
            "unknown key 'why'",
        ),
    ],
)
def test_a_bad_changelog_is_refused(text: str, message: str) -> None:
    with pytest.raises(CatalogError, match=re.escape(message)):
        parse_changelog(text, "log.toml")


# --- the watch ----------------------------------------------------------------------------------


def _full_milestones(kind: str, year: int) -> set[tuple[str, str]]:
    """(date, instrument id) of every milestone of ``kind`` with a full date in ``year``."""
    return {
        (m["date"].isoformat(), i["id"])
        for i in DATA["instruments"]
        for m in i["milestones"]
        if m["kind"] == kind and isinstance(m["date"], dt.date) and m["date"].year == year
    }


def test_watch_2026_lists_the_2026_effective_dates(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "watch", "--from", "2026-01-01", "--to", "2026-12-31", "--json")
    listed = {(r["date"], r["instrument"]) for r in json.loads(out) if r["kind"] == "effective"}
    assert 0 == status
    assert _full_milestones("effective", 2026) == listed
    # From the sources: the Cybersecurity Law amendment and the PI outbound certification measures.
    assert {
        ("2026-01-01", "cybersecurity-law-amendment-2025"),
        ("2026-01-01", "pi-outbound-certification-measures-2025"),
    } <= listed


def test_an_empty_watch_says_when_the_catalog_was_revised(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "watch", "--from", "2026-12-03", "--to", "2027-12-31")
    assert 0 == status
    assert f"last revised on {DATA['revision'].isoformat()}" in out
    assert "catalog changes" in out
    assert 1 == len(out.strip().splitlines())


def test_a_watch_with_items_counts_them(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "watch", "--from", "2025-12-01", "--to", "2025-12-31")
    assert "2025-12-22 comment-end" in out
    assert out.rstrip().endswith("milestone(s) from 2025-12-01 to 2025-12-31")


# --- roles, profiles, README --------------------------------------------------------------------


def test_the_new_role_is_listed_with_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "roles", "--json")
    roles = {r["id"]: r for r in json.loads(out)}
    face = roles["face-info-100k-processor"]
    assert "100,000" in face["name_en"]
    assert "Art. 15" in face["description"]
    assert "10万人" in face["name_zh"]


def test_face_filing_within_30_working_days() -> None:
    """Reached 2026-09-14 (Monday): the 30th working day after it, with National Day 2026 off."""
    profile = Profile(
        "Face Co.",
        roles=("face-info-100k-processor",),
        events={"face-info-100k-reached": [dt.date(2026, 9, 14)]},
    )
    found = schedule(profile, dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    new = [d for d in found if d.duty.id == "face-recognition-filing-new"]
    assert 1 == len(new)
    assert dt.date(2026, 10, 14) < new[0].date < dt.date(2026, 11, 15)
    assert "Art. 15" == _cited(new[0].explanation())


def test_readme_gives_the_counts_by_year() -> None:
    instruments: collections.Counter[int] = collections.Counter()
    duties: collections.Counter[int] = collections.Counter()
    for instrument in DATA["instruments"]:
        year = min(int(str(m["date"])[:4]) for m in instrument["milestones"])
        instruments[year] += 1
        duties[year] += len(instrument.get("duties", []))
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("<!-- catalog-counts", 1)[1].split("<!-- /catalog-counts -->", 1)[0]
    rows = re.findall(r"^\| (\d{4}) \| (\d+) \| (\d+) \|$", table, re.MULTILINE)
    assert {int(y): (int(i), int(d)) for y, i, d in rows} == {
        y: (instruments[y], duties[y]) for y in instruments
    }
    assert f"({len(DATA['instruments'])} instruments" in readme.replace("\n", " ")
