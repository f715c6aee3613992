"""The headline duties, one table each: a profile, 2024–2026 (a range that crosses Spring
Festival and National Day), and the dates counted by hand, the count in a comment.

Days off and make-up working days (the State Council notices, legal-periods.md):

- 2024: Feb 10–17 (work Sun Feb 4, Sun Feb 18; New Year's Eve Fri Feb 9 still a working day);
  Apr 4–6 (work Sun Apr 7); May 1–5 (work Sun Apr 28, Sat May 11); Jun 8–10; Sep 15–17 (work
  Sat Sep 14); Oct 1–7 (work Sun Sep 29, Sat Oct 12).
- 2025: Jan 1; Jan 28–Feb 4 (work Sun Jan 26, Sat Feb 8); Apr 4–6; May 1–5 (work Sun Apr 27);
  May 31–Jun 2; Oct 1–8 (work Sun Sep 28, Sat Oct 11).
- 2026: Jan 1–3 (work Sun Jan 4); Feb 15–23 (work Sat Feb 14, Sat Feb 28); Apr 4–6; May 1–5
  (work Sat May 9); Jun 19–21; Sep 25–27; Oct 1–7 (work Sun Sep 20, Sat Oct 10).

Month and year periods end on the corresponding day (Civil Code Art. 202), a last day on a rest
day moves to the next working day (Art. 203); periods before an event only move earlier;
working days skip rest days and count make-up days; hours are exact and never extended.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cnreg_calendar import Profile, load_catalog, schedule

CATALOG = load_catalog()
START, END = dt.date(2024, 1, 1), dt.date(2026, 12, 31)
BEIJING = dt.timezone(dt.timedelta(hours=8))


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def when(profile: Profile, duty: str) -> list[dt.date | dt.datetime]:
    """The dates (or Beijing times) of ``duty`` for ``profile`` in 2024–2026, in order."""
    return [x.when for x in schedule(profile, START, END, CATALOG) if x.duty.id == duty]


# (profile roles, events, options, duty, expected dates)
TABLE: list[
    tuple[str, tuple[str, ...], dict[str, list[dt.date | dt.datetime]], str, list[object]]
] = [
    # --- CIIO commercial-cryptography assessment (Art. 38), every year from each go-live ----------
    (
        "ciio-crypto-yearly",
        ("ciio",),
        {"cii-system-go-live": [d("2022-10-03"), d("2023-02-10")]},
        "ciio-crypto-assessment-annual",
        [
            # 2023-02-10 + 1 year = Sat 2024-02-10, in Spring Festival (Feb 10–17) → the next
            # working day is Sun Feb 18, a make-up working day.
            d("2024-02-18"),
            # 2022-10-03 + 2 years = Thu 2024-10-03, National Day (Oct 1–7) → Tue Oct 8.
            d("2024-10-08"),
            # 2023-02-10 + 2 years = Mon 2025-02-10, a working day.
            d("2025-02-10"),
            # 2022-10-03 + 3 years = Fri 2025-10-03, National Day (Oct 1–8) → Thu Oct 9.
            d("2025-10-09"),
            # 2023-02-10 + 3 years = Tue 2026-02-10, a working day (before Feb 15–23).
            d("2026-02-10"),
            # 2022-10-03 + 4 years = Sat 2026-10-03, National Day (Oct 1–7) → Thu Oct 8.
            d("2026-10-08"),
        ],
    ),
    (
        "ciio-crypto-before-go-live",
        ("ciio",),
        {"cii-system-go-live-planned": [d("2024-02-19"), d("2026-10-08")]},
        "ciio-crypto-assessment-before-go-live",
        [
            # 1 day before Mon 2024-02-19 = Sun Feb 18, a make-up working day: stays.
            d("2024-02-18"),
            # 1 day before Thu 2026-10-08 = Wed Oct 7, National Day (Oct 1–7) → earlier, to the
            # last working day before: Wed Sep 30.
            d("2026-09-30"),
        ],
    ),
    # --- CIIO yearly cryptography report (Arts. 5, 13): by 31 January, from 2026 --------------------
    (
        "ciio-crypto-report",
        ("ciio",),
        {},
        "ciio-crypto-annual-report",
        # 2026-01-31 is a Saturday → Mon 2026-02-02.
        [d("2026-02-02")],
    ),
    # --- MIIT data-security risk assessment (counted from the latest) and its 10-working-day report --
    (
        "miit-assessment",
        ("industry-data-processor",),
        {"risk-assessment-completed": [d("2024-09-27"), d("2025-06-30")]},
        "miit-risk-assessment-annual",
        # From the latest completion: Mon 2025-06-30 + 1 year = Tue 2026-06-30, a working day.
        # (2024-09-27 + 1 year, 2025-09-28, comes after the next completion: not due.)
        [d("2026-06-30")],
    ),
    (
        "miit-report",
        ("industry-data-processor",),
        {"risk-assessment-completed": [d("2024-09-27"), d("2025-06-30")]},
        "miit-risk-assessment-report",
        [
            # Fri 2024-09-27 + 10: Sun Sep 29 (调休) 1, Mon Sep 30 2, Oct 1–7 off, Oct 8 3, 9 4,
            # 10 5, 11 6, Sat Oct 12 (调休) 7, 14 8, 15 9, 16 10.
            d("2024-10-16"),
            # Mon 2025-06-30 + 10: Jul 1 1, 2 2, 3 3, 4 4, 7 5, 8 6, 9 7, 10 8, 11 9, 14 10.
            d("2025-07-14"),
            # Projected Tue 2026-06-30 + 10: Jul 1 1, 2 2, 3 3, 6 4, 7 5, 8 6, 9 7, 10 8, 13 9,
            # 14 10 (assumed: no completion recorded yet).
            d("2026-07-14"),
        ],
    ),
    # --- important-data yearly risk assessment (Order 790 Art. 33), from identification ----------------
    (
        "important-data",
        ("important-data-processor",),
        {"important-data-identified": [d("2023-05-01"), d("2023-10-01")]},
        "important-data-annual-risk-assessment",
        [
            # 2024-05-01 (May 1–5 off) → Mon May 6.
            d("2024-05-06"),
            # 2024-10-01 (Oct 1–7 off) → Tue Oct 8.
            d("2024-10-08"),
            # 2025-05-01 (May 1–5 off) → Tue May 6.
            d("2025-05-06"),
            # 2025-10-01 (Oct 1–8 off) → Thu Oct 9.
            d("2025-10-09"),
            # 2026-05-01 (May 1–5 off) → Wed May 6.
            d("2026-05-06"),
            # 2026-10-01 (Oct 1–7 off) → Thu Oct 8.
            d("2026-10-08"),
        ],
    ),
    # --- standard-contract filing: 10 working days after the contract takes effect -----------------
    (
        "standard-contract",
        ("data-exporter",),
        {"standard-contract-effective": [d("2024-02-07"), d("2025-09-26"), d("2026-02-12")]},
        "standard-contract-filing",
        [
            # Wed 2024-02-07 + 10: Feb 8 1, Fri Feb 9 (New Year's Eve, a working day in 2024) 2,
            # Feb 10–17 off, Sun Feb 18 (调休) 3, 19 4, 20 5, 21 6, 22 7, 23 8, 26 9, 27 10.
            d("2024-02-27"),
            # Fri 2025-09-26 + 10: Sun Sep 28 (调休) 1, 29 2, 30 3, Oct 1–8 off, Oct 9 4, 10 5,
            # Sat Oct 11 (调休) 6, 13 7, 14 8, 15 9, 16 10.
            d("2025-10-16"),
            # Thu 2026-02-12 + 10: Feb 13 1, Sat Feb 14 (调休) 2, Feb 15–23 off, 24 3, 25 4,
            # 26 5, 27 6, Sat Feb 28 (调休) 7, Mar 2 8, 3 9, 4 10.
            d("2026-03-04"),
        ],
    ),
    # --- outbound-assessment validity (2 years for passes up to 2024-03-21) and renewal ------------
    (
        "outbound-renewal",
        ("data-exporter",),
        {"export-assessment-passed": [d("2022-11-30"), d("2024-03-15")]},
        "outbound-assessment-validity-2-years",
        [
            # Valid to Sat 2024-11-30 (Arts. 201-202); 60 working days before, counted back:
            # Nov has 21 working days before the 30th (Nov 1 is the 21st); Oct 31 … Oct 8
            # are 19 more with Sat Oct 12 (调休) (Oct 8 is the 40th); Sep 30 41, Sun Sep 29
            # (调休) 42, Sep 27–23 43–47, Sep 20–18 48–50 (Sep 15–17 off), Sat Sep 14 (调休) 51,
            # Sep 13–9 52–56, Sep 6–3 57–60.
            d("2024-09-03"),
            # Valid to Sun 2026-03-15; back: Mar 13–2 are 1–10, Sat Feb 28 (调休) 11,
            # Feb 27–24 12–15 (Feb 15–23 off), Sat Feb 14 (调休) 16, Feb 13–2 17–26,
            # Jan 30–5 27–46, Sun Jan 4 (调休) 47 (Jan 1–3 off), Dec 31–29 48–50,
            # Dec 26–22 51–55, Dec 19–15 56–60.
            d("2025-12-15"),
        ],
    ),
    (
        "outbound-3-years",
        ("data-exporter",),
        {"export-assessment-passed": [d("2024-06-20")]},
        "outbound-assessment-validity-3-years",
        # Passed after 2024-03-22: valid 3 years, to 2027-06-20, after the range.
        [],
    ),
    # --- incident reports (Incident Reporting Measures Art. 4): hours, never extended --------------
    (
        "incident-ciio",
        ("ciio", "network-operator"),
        {
            "security-incident-discovered": [
                t("2024-02-10T23:30+08:00"),
                t("2025-10-01T20:15+08:00"),
            ]
        },
        "incident-report-ciio-1h",
        # 23:30 + 1 h = 00:30 the next day, Spring Festival or not; 20:15 + 1 h = 21:15.
        [t("2024-02-11T00:30+08:00"), t("2025-10-01T21:15+08:00")],
    ),
    (
        "incident-4h",
        ("ciio", "network-operator"),
        {
            "security-incident-discovered": [
                t("2024-02-10T23:30+08:00"),
                t("2025-10-01T20:15+08:00"),
            ]
        },
        "incident-report-4h",
        # 23:30 + 4 h = 03:30 the next day; 20:15 + 4 h = 00:15 on Oct 2 (National Day: no matter).
        [t("2024-02-11T03:30+08:00"), t("2025-10-02T00:15+08:00")],
    ),
    (
        "incident-summary",
        ("network-operator",),
        {"incident-handling-completed": [d("2026-09-05")]},
        "incident-summary-30d",
        # 2026-09-05 + 30 days = Mon Oct 5, National Day (Oct 1–7) → Thu Oct 8.
        [d("2026-10-08")],
    ),
    # --- PI compliance audits: every 2 years from the latest audit -----------------------------------
    (
        "pi-audit",
        ("very-large-pi-processor",),
        {"pi-compliance-audit-completed": [d("2022-02-16"), d("2024-10-05")]},
        "pi-compliance-audit-biennial",
        [
            # 2022-02-16 + 2 years = Fri 2024-02-16, Spring Festival (Feb 10–17) → Sun Feb 18
            # (调休); it falls before the next audit (2024-10-05), which it completed late.
            d("2024-02-18"),
            # From the latest, 2024-10-05 + 2 years = Mon 2026-10-05, National Day → Thu Oct 8.
            d("2026-10-08"),
        ],
    ),
    # --- minors' PI compliance audit (Art. 37): by 31 January, from 2026 ---------------------------
    (
        "minors-audit",
        ("minors-pi-processor",),
        {},
        "minors-pi-compliance-audit-annual",
        # Sat 2026-01-31 → Mon 2026-02-02.
        [d("2026-02-02")],
    ),
]


@pytest.mark.parametrize(
    ("name", "roles", "events", "duty", "expected"), TABLE, ids=[r[0] for r in TABLE]
)
def test_headline_duty(
    name: str,
    roles: tuple[str, ...],
    events: dict[str, list[dt.date | dt.datetime]],
    duty: str,
    expected: list[object],
) -> None:
    """The duty's dates in 2024–2026 are the ones counted by hand."""
    assert expected == when(Profile(name, roles=roles, events=events), duty)


def test_minors_audit_conservative() -> None:
    """In the conservative mode the 31 January 2026 deadline (a Saturday) moves earlier: Fri Jan 30."""
    profile = Profile("Cautious", roles=("minors-pi-processor",), conservative_fixed_dates=True)
    assert [d("2026-01-30")] == when(profile, "minors-pi-compliance-audit-annual")


def test_shanghai_report_binds_only_in_shanghai_and_only_before_november_2025() -> None:
    """Issue 12, row 3: a Beijing company gets the national 4-hour report only; a Shanghai one the
    Shanghai 1-hour report too, for incidents up to 2025-10-31, listed in time order."""
    incidents: list[dt.date | dt.datetime] = [
        t("2025-10-20T23:30+08:00"),
        t("2025-11-03T23:30+08:00"),
    ]
    beijing = Profile(
        "BJ",
        roles=("network-operator",),
        regions=("CN-BJ",),
        events={"security-incident-discovered": incidents},
    )
    shanghai = Profile(
        "SH",
        roles=("network-operator",),
        regions=("CN-SH",),
        events={"security-incident-discovered": incidents},
    )
    pick = ("incident-report-4h", "shanghai-incident-written-report-1h")
    found = [
        (x.duty.id, x.when) for x in schedule(beijing, START, END, CATALOG) if x.duty.id in pick
    ]
    # 23:30 + 4 h = 03:30 the next day.
    assert [
        ("incident-report-4h", t("2025-10-21T03:30+08:00")),
        ("incident-report-4h", t("2025-11-04T03:30+08:00")),
    ] == found
    found = [
        (x.duty.id, x.when) for x in schedule(shanghai, START, END, CATALOG) if x.duty.id in pick
    ]
    # 23:30 + 1 h = 00:30, before the 4-hour report at 03:30; the 2025-11-03 incident no longer
    # triggers the Shanghai report.
    assert [
        ("shanghai-incident-written-report-1h", t("2025-10-21T00:30+08:00")),
        ("incident-report-4h", t("2025-10-21T03:30+08:00")),
        ("incident-report-4h", t("2025-11-04T03:30+08:00")),
    ] == found
