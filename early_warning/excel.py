"""The inspectors' dashboard as an Excel workbook (openpyxl)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.months import month_label
from early_warning.models import COLOUR_HEX, Colour, MeasureKind

BOLD = Font(bold=True)
FILLS = {lv: PatternFill("solid", fgColor=COLOUR_HEX[lv].lstrip("#")) for lv in COLOUR_HEX}
SHORT = {0: "绿", 1: "黄", 2: "橙", 3: "红"}


def _sheet(workbook, title: str, header: list[str]):
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "B2"
    return sheet


def dashboard_workbook(board) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    labels = board.month_labels
    grid = _sheet(workbook, "部门预警等级", ["部门", *labels])
    grid.column_dimensions["A"].width = 32
    for row in board.rows:
        grid.append([row["department"].full_name, *[SHORT[c["level"]] for c in row["cells"]]])
        for index, cell in enumerate(row["cells"], start=2):
            target = grid.cell(row=grid.max_row, column=index)
            target.fill = FILLS[cell["level"]]
            target.alignment = Alignment(horizontal="center")
            if cell["level"] in (Colour.GREEN, Colour.RED):
                target.font = Font(color="FFFFFF", bold=True)
    for index in range(2, len(labels) + 2):
        grid.column_dimensions[get_column_letter(index)].width = 10

    dist = _sheet(workbook, "人员颜色分布", ["月份", "绿", "黄", "橙", "红"])
    for row in board.distribution:
        dist.append([month_label(row["month"]), *[row["counts"].get(lv, 0) for lv in range(4)]])

    kinds = MeasureKind.values
    measures = _sheet(
        workbook,
        "处置措施",
        ["月份", "新开", "办结", *[str(MeasureKind(k).label) for k in kinds]],
    )
    for row in board.measures:
        measures.append(
            [
                month_label(row["month"]),
                row["opened"],
                row["closed"],
                *[row["by_kind"].get(k, 0) for k in kinds],
            ]
        )

    overdue = _sheet(workbook, "逾期整改", ["对象", "部门", "期限", "状态"])
    for measure in board.overdue:
        subject = measure.user.get_full_name() if measure.user_id else ""
        if measure.user_id:
            subject = f"{measure.user.last_name}{measure.user.first_name}" or measure.user.username
        overdue.append(
            [
                subject,
                measure.department.full_name if measure.department_id else "",
                measure.deadline.isoformat() if measure.deadline else "",
                str(measure.get_status_display()),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
