"""Excel import and export of the whole organisation (one workbook, one sheet per kind).

Import is all or nothing: every row is validated inside one transaction and, if any row has
an error (or on a dry run), the transaction is rolled back and the errors are reported with
their sheet and row number. Departments are referred to by their path, "市财政局/办公室".
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core import roles
from organization.models import (
    Department,
    Duty,
    Post,
    PostAssignment,
    Procedure,
    ProcedureStep,
    RiskCategory,
    RiskLevel,
    RiskPoint,
    StaffProfile,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
PATH_SEPARATOR = "/"

# Sheet name -> column headings (in export order). The first columns listed in REQUIRED are
# mandatory in the heading row.
SHEETS: dict[str, list[str]] = {
    "部门": ["部门", "编码", "排序", "负责人用户名", "说明"],
    "岗位": ["部门", "岗位", "说明"],
    "职责": ["部门", "岗位", "职责"],
    "风险点": ["部门", "岗位", "风险点", "描述", "类别", "等级", "防控措施"],
    "工作流程": ["部门", "流程", "说明", "相关岗位"],
    "流程步骤": [
        "部门",
        "流程",
        "序号",
        "环节",
        "承办岗位",
        "办理时限",
        "职责要求",
        "监督节点",
        "投诉渠道",
    ],
    "人员": ["用户名", "姓", "名", "邮箱", "部门", "工号", "职务", "电话", "参加月度任务"],
    "任岗": ["用户名", "部门", "岗位", "开始日期", "结束日期", "备注"],
}
REQUIRED: dict[str, list[str]] = {
    "部门": ["部门"],
    "岗位": ["部门", "岗位"],
    "职责": ["部门", "岗位", "职责"],
    "风险点": ["部门", "岗位", "风险点"],
    "工作流程": ["部门", "流程"],
    "流程步骤": ["部门", "流程", "序号", "环节"],
    "人员": ["用户名", "部门"],
    "任岗": ["用户名", "部门", "岗位", "开始日期"],
}
CATEGORY_LABELS = {
    "岗位职责": RiskCategory.POST_DUTIES,
    "制度机制": RiskCategory.SYSTEMS,
    "思想道德": RiskCategory.MORALITY,
    "业务流程": RiskCategory.PROCESS,
    "外部环境": RiskCategory.EXTERNAL,
}
LEVEL_LABELS = {"高": RiskLevel.HIGH, "中": RiskLevel.MEDIUM, "低": RiskLevel.LOW}
YES = {"是", "yes", "y", "true", "1", "√"}
NO = {"否", "no", "n", "false", "0", "×"}


@dataclass
class RowError:
    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        return _("Sheet %(sheet)s, row %(row)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "message": self.message,
        }


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run


class _RowProblem(Exception):
    pass


def _text(value, *, limit: int = 0, column: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if limit and len(text) > limit:
        raise _RowProblem(
            _("%(column)s is longer than %(limit)s characters.")
            % {"column": column, "limit": limit}
        )
    return text


def _date(value, column: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        raise _RowProblem(
            _("%(column)s is not a date (use YYYY-MM-DD).") % {"column": column}
        ) from None


class _Importer:
    def __init__(self):
        self.departments: dict[str, Department] = {}
        for department in Department.objects.select_related("parent"):
            self.departments[self._path_of(department)] = department
        self.report = ImportReport()

    def _path_of(self, department: Department) -> str:
        return department.full_name.replace(" / ", PATH_SEPARATOR)

    def department(self, path: str) -> Department:
        key = PATH_SEPARATOR.join(part.strip() for part in path.split(PATH_SEPARATOR))
        try:
            return self.departments[key]
        except KeyError:
            raise _RowProblem(_("Unknown department “%(name)s”.") % {"name": path}) from None

    def post(self, department: Department, name: str) -> Post:
        post = Post.objects.filter(department=department, name=name).first()
        if post is None:
            raise _RowProblem(
                _("Unknown post “%(post)s” in %(department)s.")
                % {"post": name, "department": department.name}
            )
        return post

    def procedure(self, department: Department, title: str) -> Procedure:
        procedure = Procedure.objects.filter(department=department, title=title).first()
        if procedure is None:
            raise _RowProblem(_("Unknown procedure “%(title)s”.") % {"title": title})
        return procedure

    def count(self, sheet: str) -> None:
        self.report.counts[sheet] = self.report.counts.get(sheet, 0) + 1

    # One method per sheet; each gets a dict heading -> cell value.

    def row_部门(self, row: dict) -> None:
        path = _text(row.get("部门"), limit=400, column="部门")
        parts = [part.strip() for part in path.split(PATH_SEPARATOR) if part.strip()]
        if not parts:
            raise _RowProblem(_("The department name is empty."))
        if any(len(part) > 100 for part in parts):
            raise _RowProblem(_("A department name is longer than 100 characters."))
        parent = self.department(PATH_SEPARATOR.join(parts[:-1])) if len(parts) > 1 else None
        code = _text(row.get("编码"), limit=32, column="编码")
        order = _text(row.get("排序"), column="排序") or "0"
        if not order.isdigit() or int(order) > 1_000_000:
            raise _RowProblem(_("排序 must be a whole number."))
        department = Department.objects.filter(parent=parent, name=parts[-1]).first()
        if (
            code
            and Department.objects.filter(code=code)
            .exclude(pk=getattr(department, "pk", None))
            .exists()
        ):
            raise _RowProblem(_("The code %(code)s is already used.") % {"code": code})
        department = department or Department(parent=parent, name=parts[-1])
        department.code = code
        department.sort_order = int(order)
        department.description = _text(row.get("说明"))
        department.save()
        heads = [u.strip() for u in _text(row.get("负责人用户名")).replace("，", ",").split(",")]
        heads = [u for u in heads if u]
        if heads:
            users = list(get_user_model().objects.filter(username__in=heads))
            missing = set(heads) - {u.username for u in users}
            if missing:
                raise _RowProblem(
                    _("Unknown user(s): %(names)s.") % {"names": "、".join(sorted(missing))}
                )
            department.heads.set(users)
        self.departments[PATH_SEPARATOR.join(parts)] = department
        self.count("部门")

    def row_岗位(self, row: dict) -> None:
        department = self.department(_text(row.get("部门")))
        name = _text(row.get("岗位"), limit=100, column="岗位")
        post, _created = Post.objects.get_or_create(department=department, name=name)
        post.description = _text(row.get("说明"))
        post.save()
        self.count("岗位")

    def row_职责(self, row: dict) -> None:
        department = self.department(_text(row.get("部门")))
        post = self.post(department, _text(row.get("岗位")))
        if post.pk not in self.duties_reset:
            post.duties.all().delete()
            self.duties_reset[post.pk] = 0
        self.duties_reset[post.pk] += 1
        Duty.objects.create(
            post=post, text=_text(row.get("职责")), sort_order=self.duties_reset[post.pk]
        )
        self.count("职责")

    def row_风险点(self, row: dict) -> None:
        department = self.department(_text(row.get("部门")))
        post = self.post(department, _text(row.get("岗位")))
        title = _text(row.get("风险点"), limit=200, column="风险点")
        category_label = _text(row.get("类别")) or "岗位职责"
        category = CATEGORY_LABELS.get(category_label) or (
            category_label if category_label in RiskCategory.values else None
        )
        if category is None:
            raise _RowProblem(
                _("类别 must be one of %(choices)s.") % {"choices": "、".join(CATEGORY_LABELS)}
            )
        level_label = _text(row.get("等级")) or "中"
        level = LEVEL_LABELS.get(level_label) or (
            level_label if level_label in RiskLevel.values else None
        )
        if level is None:
            raise _RowProblem(_("等级 must be 高, 中 or 低."))
        risk = RiskPoint.objects.filter(post=post, title=title).first() or RiskPoint(
            post=post, title=title
        )
        risk.description = _text(row.get("描述"))
        risk.category = category
        risk.level = level
        risk.prevention_measures = _text(row.get("防控措施"))
        risk.save()
        self.count("风险点")

    def row_工作流程(self, row: dict) -> None:
        department = self.department(_text(row.get("部门")))
        title = _text(row.get("流程"), limit=200, column="流程")
        procedure, _created = Procedure.objects.get_or_create(department=department, title=title)
        procedure.description = _text(row.get("说明"))
        procedure.save()
        names = [
            n.strip()
            for n in _text(row.get("相关岗位")).replace("，", "、").replace(",", "、").split("、")
        ]
        procedure.posts.set([self.post(department, n) for n in names if n])
        self.count("工作流程")

    def row_流程步骤(self, row: dict) -> None:
        department = self.department(_text(row.get("部门")))
        procedure = self.procedure(department, _text(row.get("流程")))
        number = _text(row.get("序号"))
        if not number.isdigit() or not 0 < int(number) <= 1000:
            raise _RowProblem(_("序号 must be a whole number from 1 to 1000."))
        if procedure.pk not in self.steps_reset:
            procedure.steps.all().delete()
            self.steps_reset.add(procedure.pk)
        handling = _text(row.get("承办岗位"))
        ProcedureStep.objects.create(
            procedure=procedure,
            sort_order=int(number),
            title=_text(row.get("环节"), limit=200, column="环节"),
            handling_post=self.post(department, handling) if handling else None,
            time_limit=_text(row.get("办理时限"), limit=100, column="办理时限"),
            duty_requirement=_text(row.get("职责要求")),
            supervision_checkpoint=_text(row.get("监督节点")),
            complaint_channel=_text(row.get("投诉渠道"), limit=200, column="投诉渠道"),
        )
        self.count("流程步骤")

    def row_人员(self, row: dict) -> None:
        User = get_user_model()
        username = _text(row.get("用户名"), limit=150, column="用户名")
        department = self.department(_text(row.get("部门")))
        monitored = _text(row.get("参加月度任务")).lower() or "是"
        if monitored not in YES | NO:
            raise _RowProblem(_("参加月度任务 must be 是 or 否."))
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username)
            user.set_unusable_password()
        user.last_name = _text(row.get("姓"), limit=150, column="姓")
        user.first_name = _text(row.get("名"), limit=150, column="名")
        email = _text(row.get("邮箱"), limit=254, column="邮箱")
        if email and "@" not in email:
            raise _RowProblem(_("邮箱 is not an email address."))
        user.email = email
        user.save()
        user.groups.add(self.staff_group)
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={
                "department": department,
                "employee_number": _text(row.get("工号"), limit=32, column="工号"),
                "job_title": _text(row.get("职务"), limit=100, column="职务"),
                "phone": _text(row.get("电话"), limit=32, column="电话"),
                "is_monitored": monitored in YES,
            },
        )
        self.count("人员")

    def row_任岗(self, row: dict) -> None:
        username = _text(row.get("用户名"))
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise _RowProblem(_("Unknown user “%(name)s”.") % {"name": username})
        department = self.department(_text(row.get("部门")))
        post = self.post(department, _text(row.get("岗位")))
        start = _date(row.get("开始日期"), "开始日期")
        if start is None:
            raise _RowProblem(_("开始日期 is required."))
        end = _date(row.get("结束日期"), "结束日期")
        if end and end < start:
            raise _RowProblem(_("The end date is before the start date."))
        PostAssignment.objects.update_or_create(
            user=user,
            post=post,
            start_date=start,
            defaults={"end_date": end, "note": _text(row.get("备注"), limit=200, column="备注")},
        )
        self.count("任岗")

    def run(self, workbook) -> None:
        self.duties_reset: dict[int, int] = {}
        self.steps_reset: set[int] = set()
        self.staff_group, _created = Group.objects.get_or_create(name=roles.STAFF)
        known = [name for name in SHEETS if name in workbook.sheetnames]
        if not known:
            self.report.errors.append(
                RowError(
                    "",
                    0,
                    _("No known sheet found. Expected: %(names)s.") % {"names": "、".join(SHEETS)},
                )
            )
            return
        rows_seen = 0
        for sheet_name in known:
            sheet = workbook[sheet_name]
            rows = sheet.iter_rows(values_only=True)
            headings = [_text(h) for h in next(rows, ())]
            missing = [h for h in REQUIRED[sheet_name] if h not in headings]
            if missing:
                self.report.errors.append(
                    RowError(
                        sheet_name,
                        1,
                        _("Missing column(s): %(names)s.") % {"names": "、".join(missing)},
                    )
                )
                continue
            handler = getattr(self, f"row_{sheet_name}")
            for number, values in enumerate(rows, start=2):
                if values is None or all(v in (None, "") for v in values):
                    continue
                rows_seen += 1
                if rows_seen > MAX_ROWS:
                    self.report.errors.append(
                        RowError(
                            sheet_name,
                            number,
                            _("Too many rows (at most %(n)s).") % {"n": MAX_ROWS},
                        )
                    )
                    return
                row = dict(zip(headings, values, strict=False))
                blank = [h for h in REQUIRED[sheet_name] if _text(row.get(h)) == ""]
                if blank:
                    self.report.errors.append(
                        RowError(
                            sheet_name,
                            number,
                            _("Empty required cell(s): %(names)s.") % {"names": "、".join(blank)},
                        )
                    )
                    continue
                try:
                    with transaction.atomic():
                        handler(row)
                except _RowProblem as exc:
                    self.report.errors.append(RowError(sheet_name, number, str(exc)))
                except Exception as exc:  # a database constraint, an odd value
                    self.report.errors.append(
                        RowError(
                            sheet_name,
                            number,
                            _("Could not save the row (%(error)s).")
                            % {"error": exc.__class__.__name__},
                        )
                    )


def import_workbook(*, file, dry_run: bool = False) -> ImportReport:
    """Import an uploaded workbook (file-like). Nothing is saved if any row has an error."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        return ImportReport(errors=[RowError("", 0, _("The file is larger than 10 MB."))])
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return ImportReport(errors=[RowError("", 0, _("This is not an Excel .xlsx workbook."))])
    importer = _Importer()
    with transaction.atomic():
        importer.run(workbook)
        if importer.report.errors or dry_run:
            transaction.set_rollback(True)
    workbook.close()
    importer.report.dry_run = dry_run
    return importer.report


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _rows() -> dict[str, Iterable[list]]:
    departments = list(Department.objects.select_related("parent").prefetch_related("heads"))
    by_id = {d.pk: d for d in departments}

    def path(department_id: int) -> str:
        names, node, seen = [], by_id.get(department_id), set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = by_id.get(node.parent_id)
        return PATH_SEPARATOR.join(reversed(names))

    category_labels = {code: label for label, code in CATEGORY_LABELS.items()}
    level_labels = {code: label for label, code in LEVEL_LABELS.items()}
    ordered = sorted(departments, key=lambda d: path(d.pk).count(PATH_SEPARATOR))
    return {
        "部门": (
            [
                path(d.pk),
                d.code,
                d.sort_order,
                ",".join(u.username for u in d.heads.all()),
                d.description,
            ]
            for d in ordered
        ),
        "岗位": (
            [path(p.department_id), p.name, p.description] for p in Post.objects.order_by("pk")
        ),
        "职责": (
            [path(d.post.department_id), d.post.name, d.text]
            for d in Duty.objects.select_related("post").order_by("post_id", "sort_order", "pk")
        ),
        "风险点": (
            [
                path(r.post.department_id),
                r.post.name,
                r.title,
                r.description,
                category_labels.get(r.category, r.category),
                level_labels.get(r.level, r.level),
                r.prevention_measures,
            ]
            for r in RiskPoint.objects.select_related("post").order_by("pk")
        ),
        "工作流程": (
            [
                path(p.department_id),
                p.title,
                p.description,
                "、".join(x.name for x in p.posts.all()),
            ]
            for p in Procedure.objects.prefetch_related("posts").order_by("pk")
        ),
        "流程步骤": (
            [
                path(s.procedure.department_id),
                s.procedure.title,
                index,
                s.title,
                s.handling_post.name if s.handling_post else "",
                s.time_limit,
                s.duty_requirement,
                s.supervision_checkpoint,
                s.complaint_channel,
            ]
            for procedure in Procedure.objects.prefetch_related("steps__handling_post").order_by(
                "pk"
            )
            for index, s in enumerate(procedure.steps.all(), start=1)
        ),
        "人员": (
            [
                p.user.username,
                p.user.last_name,
                p.user.first_name,
                p.user.email,
                path(p.department_id) if p.department_id else "",
                p.employee_number,
                p.job_title,
                p.phone,
                _yes_no(p.is_monitored),
            ]
            for p in StaffProfile.objects.select_related("user").order_by("user__username")
        ),
        "任岗": (
            [
                a.user.username,
                path(a.post.department_id),
                a.post.name,
                a.start_date,
                a.end_date,
                a.note,
            ]
            for a in PostAssignment.objects.select_related("user", "post").order_by(
                "user__username", "start_date"
            )
        ),
    }


def export_workbook() -> bytes:
    """The whole organisation as an .xlsx workbook that import_workbook reads back."""
    workbook = Workbook(write_only=True)
    for sheet_name, rows in _rows().items():
        sheet = workbook.create_sheet(sheet_name)
        sheet.append(SHEETS[sheet_name])
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
