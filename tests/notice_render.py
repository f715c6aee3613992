"""Render a holiday arrangement in the State Council notices' standard wording (for tests).

Written for the tests from the wording of the published notices (tests/data/notices/), apart from
the parser under test, so that rendering then parsing checks the parser against an independent
writer.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

NUMBERS = "一二三四五六七八九十"
WEEKDAYS = "一二三四五六日"
FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"})
TRADITIONAL = str.maketrans(
    {"国": "國", "务": "務", "办": "辦", "厅": "廳", "关": "關", "于": "於", "节": "節",
     "劳": "勞", "动": "動", "庆": "慶", "调": "調", "农": "農", "历": "曆", "发": "發",
     "电": "電", "号": "號", "区": "區", "门": "門", "现": "現", "将": "將"}
)  # fmt: skip


class Item(NamedTuple):
    name: str
    first: dt.date
    last: dt.date
    work: tuple[dt.date, ...]


def _day(day: dt.date, year: int, month: int | None, weekday: str | None) -> str:
    text = f"{day.day}日"
    if month != day.month:
        text = f"{day.month}月" + text
    if day.year != year:
        text = f"{day.year}年" + text
    if weekday:
        text += f"({weekday}{WEEKDAYS[day.weekday()]})"
    return text


def render(year: int, items: list[Item], style: dict[str, object]) -> str:
    """The notice text of ``items``; ``style`` picks 周/星期, weekday notes, 放假调休/放假, width."""
    week = str(style.get("week", "星期"))
    noted = bool(style.get("noted", False))
    lines = [f"国务院办公厅关于{year}年部分节假日安排的通知", f"国办发明电〔{year - 1}〕9号", ""]
    lines.append("各省、自治区、直辖市人民政府,国务院各部委、各直属机构:")
    lines.append(
        f"经国务院批准,现将{year}年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。"
    )
    for n, item in enumerate(items):
        mark = week if noted else None
        start = _day(item.first, year, None, mark)
        if item.first == item.last:
            rest = f"{start}放假,共1天。"
        else:
            if item.last.year != item.first.year:
                end = _day(item.last, -1, None, mark)  # 2022年12月31日至2023年1月2日
            elif item.last.month == item.first.month:
                end = _day(item.last, item.first.year, item.first.month, mark)  # 1月1日至3日
            else:
                end = _day(item.last, item.first.year, None, mark)  # 4月29日至5月3日
            verb = "放假调休" if item.work or style.get("swap") else "放假"
            rest = f"{start}至{end}{verb},共{(item.last - item.first).days + 1}天。"
        work = "、".join(_day(d, year, None, week) for d in item.work)
        lines.append(f"{NUMBERS[n]}、{item.name}:{rest}" + (f"{work}上班。" if work else ""))
    lines += ["节假日期间,各地区、各部门要妥善安排好值班和安全、保卫等工作。", "", "国务院办公厅"]
    lines.append(f"{year - 1}年11月4日")
    text = "\n".join(lines)
    if style.get("full_width"):
        text = text.translate(FULL_WIDTH)
    if style.get("traditional"):
        text = text.translate(TRADITIONAL)
    return text
