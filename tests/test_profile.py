"""Organisation profiles: the examples load, and every malformed profile gets a message that helps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.errors import CnregCalendarError, ProfileError
from cnreg_calendar.profile import Profile, load_profile, profile_from_dict

EXAMPLES = Path(__file__).parent.parent / "examples"
CATALOG = load_catalog()
BEIJING = dt.timezone(dt.timedelta(hours=8))


def write(tmp_path: Path, text: str) -> Path:
    """A profile file holding ``text``."""
    path = tmp_path / "profile.toml"
    path.write_text(text, "utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> tuple[Path, str]:
    """The path of a profile holding ``text`` and the message of the ProfileError it raises."""
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as info:
        load_profile(path, CATALOG)
    return path, str(info.value)


# --- the examples ------------------------------------------------------------------------------


def test_there_are_four_examples() -> None:
    """The examples folder holds the four documented profiles."""
    assert [
        "cloud-ciio.toml",
        "ecommerce-exporter.toml",
        "finance-ciio.toml",
        "game-minors.toml",
    ] == sorted(p.name for p in EXAMPLES.glob("*.toml"))


def test_cloud_example() -> None:
    """The cloud provider's profile loads with its roles and dates."""
    profile = load_profile(EXAMPLES / "cloud-ciio.toml", CATALOG)
    assert "Example Cloud (Shanghai) Co., Ltd." == profile.name
    assert "example-cloud" == profile.id
    assert (
        "ciio",
        "important-data-processor",
        "industry-data-processor",
        "pi-processor",
        "minors-pi-processor",
        "data-exporter",
    ) == profile.roles
    assert {
        "cii-system-go-live": (dt.date(2023, 8, 1),),
        "export-assessment-passed": (dt.date(2024, 3, 15),),
        "risk-assessment-completed": (dt.date(2024, 9, 27),),
        "standard-contract-effective": (dt.date(2024, 5, 10), dt.date(2025, 9, 26)),
    } == dict(profile.events)
    assert (False, False, False) == (
        profile.conservative_fixed_dates,
        profile.include_drafts,
        profile.strict,
    )


def test_ecommerce_example() -> None:
    """The e-commerce exporter's profile loads with three contract dates."""
    profile = load_profile(EXAMPLES / "ecommerce-exporter.toml", CATALOG)
    assert "example-ecommerce" == profile.id
    assert (
        dt.date(2023, 9, 28),
        dt.date(2024, 12, 27),
        dt.date(2026, 1, 30),
    ) == profile.dates("standard-contract-effective")
    assert (dt.date(2025, 3, 3),) == profile.dates("pi-1-million-reached")


def test_finance_example() -> None:
    """The bank's profile has a timed incident in Beijing time and the conservative option."""
    profile = load_profile(EXAMPLES / "finance-ciio.toml", CATALOG)
    assert "example-bank" == profile.id
    assert (dt.datetime(2026, 2, 16, 21, 40, tzinfo=BEIJING),) == profile.dates(
        "security-incident-discovered"
    )
    assert (dt.date(2022, 3, 15), dt.date(2025, 11, 3)) == profile.dates("cii-system-go-live")
    assert profile.conservative_fixed_dates
    assert not profile.include_drafts


def test_games_example() -> None:
    """The game company's profile asks for drafts."""
    profile = load_profile(EXAMPLES / "game-minors.toml", CATALOG)
    assert "example-games" == profile.id
    assert (
        "pi-processor",
        "minors-pi-processor",
        "network-operator",
        "face-info-100k-processor",
    ) == profile.roles
    assert profile.include_drafts
    assert (dt.date(2024, 7, 1),) == profile.dates("pi-1-million-reached")


def test_unrecorded_event_has_no_dates() -> None:
    """An event the profile does not record has no dates."""
    profile = load_profile(EXAMPLES / "game-minors.toml", CATALOG)
    assert () == profile.dates("cii-system-go-live")


# --- unknown roles and events ------------------------------------------------------------------


def test_unknown_role_names_file_value_and_nearest(tmp_path: Path) -> None:
    """An unknown role is reported with the file, the bad id and the nearest known id."""
    path, message = error_of(tmp_path, 'name = "X"\nroles = ["cio"]\n')
    assert str(path) in message
    assert "'cio'" in message
    assert "did you mean 'ciio'" in message


def test_unknown_event_names_file_value_and_nearest(tmp_path: Path) -> None:
    """An unknown event is reported with the file, the bad id and the nearest known id."""
    path, message = error_of(
        tmp_path, 'name = "X"\nroles = ["ciio"]\n[events]\ncii-system-golive = 2023-08-01\n'
    )
    assert str(path) in message
    assert "events.cii-system-golive" in message
    assert "did you mean 'cii-system-go-live'" in message


def test_every_unknown_id_is_reported(tmp_path: Path) -> None:
    """Several unknown ids are all reported in one message."""
    _, message = error_of(
        tmp_path, 'name = "X"\nroles = ["ciio", "bnak"]\n[events]\nnot-an-event = 2024-01-01\n'
    )
    assert "roles[1] 'bnak'" in message
    assert "events.not-an-event" in message


def test_check_against_a_catalog() -> None:
    """Profile.check accepts known ids and returns the profile itself."""
    profile = Profile("X", roles=("ciio",), events={"cii-system-go-live": [dt.date(2023, 8, 1)]})
    assert profile is profile.check(CATALOG)


# --- malformed profiles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        pytest.param(
            'name = "X"\n[events]\ncii-system-go-live = "2023/08/01"\n',
            ["events.cii-system-go-live", "'2023/08/01' is not a date", "write a TOML date"],
            id="bad-date-format",
        ),
        pytest.param(
            'name = "X"\n[events]\ncii-system-go-live = 20230801\n',
            ["events.cii-system-go-live", "20230801 is not a date", "write a TOML date"],
            id="number-as-date",
        ),
        pytest.param(
            'name = "X"\n[events]\ncii-system-go-live = []\n',
            ["events.cii-system-go-live", "an empty list", "give at least one date"],
            id="empty-event-list",
        ),
        pytest.param(
            'name = "X"\nrole = ["ciio"]\n',
            ["unknown key 'role'", "did you mean 'roles'", "allowed: events, id, name"],
            id="unknown-top-level-key",
        ),
        pytest.param(
            'name = "X"\n[options]\nstrict_mode = true\n',
            ["options.strict_mode is not an option", "allowed: conservative_fixed_dates"],
            id="unknown-option",
        ),
        pytest.param(
            'name = "X"\n[options]\nstrict = "yes"\n',
            ["options.strict must be true or false", "'yes'"],
            id="non-bool-option",
        ),
        pytest.param(
            'name = "X\n',
            ["not valid TOML", "line 1", "fix the TOML syntax"],
            id="bad-toml",
        ),
        pytest.param(
            'roles = ["ciio"]\n',
            ["name is required", 'e.g. name = "'],
            id="missing-name",
        ),
        pytest.param(
            'name = "  "\n',
            ["name is required"],
            id="blank-name",
        ),
        pytest.param(
            'name = "X"\nroles = "ciio"\n',
            ["roles must be a list of role ids", 'roles = ["ciio"]'],
            id="roles-not-a-list",
        ),
        pytest.param(
            'name = "X"\nevents = 3\n',
            ["[events] must be a table"],
            id="events-not-a-table",
        ),
        pytest.param(
            'name = "X"\noptions = true\n',
            ["[options] must be a table"],
            id="options-not-a-table",
        ),
        pytest.param(
            'name = "X"\nid = "Bad Id"\n',
            ["id 'Bad Id' must match [a-z0-9][a-z0-9-]*"],
            id="bad-id",
        ),
    ],
)
def test_malformed_profile(tmp_path: Path, text: str, fragments: list[str]) -> None:
    """A malformed profile raises ProfileError naming the file, what is wrong and how to fix it."""
    path, message = error_of(tmp_path, text)
    assert [True] * (len(fragments) + 1) == [f in message for f in [str(path), *fragments]], message


def test_missing_file(tmp_path: Path) -> None:
    """A profile that cannot be read is a ProfileError naming the path."""
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ProfileError, match="cannot read the profile") as info:
        load_profile(path, CATALOG)
    assert str(path) in str(info.value)


def test_not_utf8(tmp_path: Path) -> None:
    """A profile that is not UTF-8 is a ProfileError that says to save it as UTF-8."""
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "Café"\n'.encode("latin-1"))
    with pytest.raises(ProfileError, match="save the profile as UTF-8"):
        load_profile(path, CATALOG)


def test_profile_error_is_a_value_error() -> None:
    """ProfileError is both the library's error and a ValueError."""
    assert issubclass(ProfileError, CnregCalendarError)
    assert issubclass(ProfileError, ValueError)


# --- dates -------------------------------------------------------------------------------------


def test_datetimes_with_offsets(tmp_path: Path) -> None:
    """TOML date-times keep their offsets."""
    path = write(
        tmp_path,
        'name = "X"\n[events]\nsecurity-incident-discovered = '
        "[2026-02-16T21:40:00+08:00, 2025-01-01T01:00:00Z]\n",
    )
    assert (
        dt.datetime(2025, 1, 1, 1, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 2, 16, 21, 40, tzinfo=BEIJING),
    ) == load_profile(path, CATALOG).dates("security-incident-discovered")


def test_iso_strings_accepted(tmp_path: Path) -> None:
    """ISO date and date-time strings are read as dates and date-times."""
    path = write(
        tmp_path,
        'name = "X"\n[events]\ncii-system-go-live = "2024-05-10"\n'
        'security-incident-discovered = "2026-03-01T10:15:00+08:00"\n',
    )
    profile = load_profile(path, CATALOG)
    assert (dt.date(2024, 5, 10),) == profile.dates("cii-system-go-live")
    assert (dt.datetime(2026, 3, 1, 10, 15, tzinfo=BEIJING),) == profile.dates(
        "security-incident-discovered"
    )


def test_single_date_or_list(tmp_path: Path) -> None:
    """A single date and a one-item list give the same profile."""
    single = load_profile(write(tmp_path, 'name = "X"\n[events]\npia-completed = 2024-01-02\n'))
    listed = load_profile(write(tmp_path, 'name = "X"\n[events]\npia-completed = [2024-01-02]\n'))
    assert single == listed


def test_list_order_does_not_matter(tmp_path: Path) -> None:
    """Dates come out sorted whatever order the file lists them in."""
    shuffled = load_profile(
        write(
            tmp_path,
            'name = "X"\n[events]\nstandard-contract-effective = '
            '[2026-01-30, "2023-09-28", 2024-12-27]\n',
        )
    )
    ordered = load_profile(
        write(
            tmp_path,
            'name = "X"\n[events]\nstandard-contract-effective = '
            "[2023-09-28, 2024-12-27, 2026-01-30]\n",
        )
    )
    assert (dt.date(2023, 9, 28), dt.date(2024, 12, 27), dt.date(2026, 1, 30)) == shuffled.dates(
        "standard-contract-effective"
    )
    assert ordered == shuffled


def test_datetimes_sorted_by_instant() -> None:
    """Date-times in different offsets are sorted by the moment they name."""
    early = dt.datetime(2025, 1, 1, 1, 0, tzinfo=BEIJING)  # 2024-12-31 17:00 UTC
    late = dt.datetime(2024, 12, 31, 20, 0, tzinfo=dt.UTC)  # 2025-01-01 04:00 in Beijing
    profile = profile_from_dict(
        {"name": "X", "events": {"security-incident-discovered": [late, early]}}
    )
    assert (early, late) == profile.dates("security-incident-discovered")


def test_profile_from_dict_options_and_id() -> None:
    """profile_from_dict reads the options and an explicit id."""
    profile = profile_from_dict(
        {
            "name": " Demo Co. ",
            "id": "demo",
            "roles": ["ciio"],
            "options": {"strict": True, "include_drafts": True, "conservative_fixed_dates": True},
        }
    )
    assert ("Demo Co.", "demo", ("ciio",)) == (profile.name, profile.id, profile.roles)
    assert (True, True, True) == (
        profile.strict,
        profile.include_drafts,
        profile.conservative_fixed_dates,
    )


def test_default_id_is_a_slug() -> None:
    """Without an id, the profile's id is a slug of its name."""
    assert "example-cross-border-trade-hangzhou-co-ltd" == (
        Profile("Example Cross-Border Trade (Hangzhou) Co., Ltd.", roles=()).id
    )
