import datetime as dt
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from organization import excel
from organization.models import (
    Department,
    Duty,
    Post,
    PostAssignment,
    Procedure,
    RiskPoint,
    StaffProfile,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def workbook(sheets: dict[str, list[list]]) -> BytesIO:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(excel.SHEETS[name])
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


GOOD = {
    "部门": [["市财政局", "CZ", 1, "", ""], ["市财政局/国库科", "", 2, "", "资金支付"]],
    "岗位": [["市财政局/国库科", "支付审核岗", ""]],
    "职责": [
        ["市财政局/国库科", "支付审核岗", "审核支付申请。"],
        ["市财政局/国库科", "支付审核岗", "办理资金拨付。"],
    ],
    "风险点": [
        ["市财政局/国库科", "支付审核岗", "违规拨付资金", "", "业务流程", "高", "双人复核"],
    ],
    "工作流程": [["市财政局/国库科", "资金支付流程", "", "支付审核岗"]],
    "流程步骤": [
        ["市财政局/国库科", "资金支付流程", 1, "提交申请", "", "即时", "", "", ""],
        [
            "市财政局/国库科",
            "资金支付流程",
            2,
            "审核",
            "支付审核岗",
            "3个工作日",
            "",
            "复核",
            "12388",
        ],
    ],
    "人员": [["zhangsan", "张", "三", "zs@example.cn", "市财政局/国库科", "001", "科员", "", "是"]],
    "任岗": [["zhangsan", "市财政局/国库科", "支付审核岗", "2025-01-01", "", ""]],
}


def test_import_everything():
    report = excel.import_workbook(file=workbook(GOOD))
    assert report.ok and report.saved, report.errors
    treasury = Department.objects.get(name="国库科")
    assert treasury.parent.code == "CZ"
    post = Post.objects.get(department=treasury)
    assert list(post.duties.values_list("text", flat=True)) == ["审核支付申请。", "办理资金拨付。"]
    risk = RiskPoint.objects.get()
    assert (risk.category, risk.level) == ("process", "high")
    procedure = Procedure.objects.get()
    assert [s.title for s in procedure.steps.all()] == ["提交申请", "审核"]
    assert procedure.steps.last().handling_post == post
    assert list(procedure.posts.all()) == [post]
    profile = StaffProfile.objects.get(user__username="zhangsan")
    assert profile.department == treasury and profile.is_monitored
    assert not profile.user.has_usable_password()
    assert PostAssignment.objects.get().start_date == dt.date(2025, 1, 1)
    # importing again changes nothing (no duplicates)
    assert excel.import_workbook(file=workbook(GOOD)).ok
    assert Duty.objects.count() == 2 and RiskPoint.objects.count() == 1
    assert PostAssignment.objects.count() == 1


def test_any_bad_row_means_nothing_is_imported():
    sheets = {k: [list(r) for r in v] for k, v in GOOD.items()}
    sheets["风险点"].append(["市财政局/国库科", "支付审核岗", "另一个风险", "", "不知道", "高", ""])
    sheets["任岗"].append(["nobody", "市财政局/国库科", "支付审核岗", "2025-01-01", "", ""])
    sheets["流程步骤"].append(["市财政局/国库科", "资金支付流程", "x", "审核", "", "", "", "", ""])
    report = excel.import_workbook(file=workbook(sheets))
    assert not report.ok
    assert [(e.sheet, e.row) for e in report.errors] == [
        ("风险点", 3),
        ("流程步骤", 4),
        ("任岗", 3),
    ]
    assert "类别" in report.errors[0].message
    assert not Department.objects.exists()
    assert not StaffProfile.objects.exists()


def test_dry_run_saves_nothing():
    report = excel.import_workbook(file=workbook(GOOD), dry_run=True)
    assert report.ok and not report.saved
    assert report.counts["部门"] == 2
    assert not Department.objects.exists()


@pytest.mark.parametrize(
    "sheets, message",
    [
        ({"部门": [["", "", "", "", ""], ["a" * 101, "", "", "", ""]]}, "100"),
        ({"岗位": [["不存在的部门", "岗位", ""]]}, "不存在"),
        ({"任岗": [["u", "x", "y", "2025-13-01", "", ""]]}, "不存在"),
    ],
)
def test_row_errors(sheets, message):
    report = excel.import_workbook(file=workbook(sheets))
    assert not report.ok and message in str(report.errors[0])


def test_bad_dates_and_missing_columns():
    UserFactory(username="lisi")
    excel.import_workbook(file=workbook({k: GOOD[k] for k in ("部门", "岗位")}))
    report = excel.import_workbook(
        file=workbook({"任岗": [["lisi", "市财政局/国库科", "支付审核岗", "明天", "", ""]]})
    )
    assert "日期" in report.errors[0].message
    book = Workbook()
    book.active.title = "岗位"
    book.active.append(["部门"])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    report = excel.import_workbook(file=buffer)
    assert "缺少列" in report.errors[0].message


def test_not_a_workbook():
    report = excel.import_workbook(file=BytesIO(b"not an excel file"))
    assert not report.ok and "xlsx" in report.errors[0].message


def test_export_round_trip():
    excel.import_workbook(file=workbook(GOOD))
    data = excel.export_workbook()
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == list(excel.SHEETS)
    assert [c.value for c in book["部门"][3]][:2] == ["市财政局/国库科", None]
    # wipe everything and import the export: the same organisation comes back
    before = snapshot()
    PostAssignment.objects.all().delete()
    StaffProfile.objects.all().delete()
    Procedure.objects.all().delete()
    Post.objects.all().delete()
    Department.objects.filter(parent__isnull=False).delete()
    Department.objects.all().delete()
    report = excel.import_workbook(file=BytesIO(data))
    assert report.ok, report.errors
    assert snapshot() == before


def snapshot():
    return (
        sorted(Department.objects.values_list("name", "code", "parent__name")),
        sorted(Post.objects.values_list("department__name", "name")),
        list(Duty.objects.order_by("post__name", "sort_order").values_list("text", flat=True)),
        sorted(RiskPoint.objects.values_list("title", "category", "level", "prevention_measures")),
        [
            (s.procedure.title, s.title, getattr(s.handling_post, "name", None), s.time_limit)
            for p in Procedure.objects.all()
            for s in p.steps.all()
        ],
        sorted(StaffProfile.objects.values_list("user__username", "department__name", "job_title")),
        sorted(PostAssignment.objects.values_list("user__username", "post__name", "start_date")),
    )
