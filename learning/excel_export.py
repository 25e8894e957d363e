"""The completion matrix as an Excel workbook."""

from __future__ import annotations

import io

from openpyxl import Workbook

from core.months import month_label
from learning.models import ALL_TASKS, TASK_SHORT, CheckinMonth

CELL_TEXT = {"done": "已完成", "late": "逾期完成", "open": "未完成"}


def matrix_workbook(*, month: CheckinMonth, rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"{month_label(month.month)} 月度任务")
    sheet.append(
        [
            "用户名",
            "姓名",
            "部门",
            *[str(TASK_SHORT[t]) for t in ALL_TASKS],
            "完成数",
            "逾期数",
            "指定课程数",
            "已完成课程",
            "逾期必修课程",
            "未完成课程",
        ]
    )
    for row in rows:
        sheet.append(
            [
                row.username,
                row.name,
                row.department,
                *[CELL_TEXT[row.cells[t.value]] for t in ALL_TASKS],
                row.completed,
                row.late,
                row.courses_total,
                row.courses_done,
                row.courses_overdue,
                "、".join(row.courses_open),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
