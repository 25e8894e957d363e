"""Admin screens: the self-check questions inspectors ask everyone, and check-in months
(deadlines)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from learning import admin_reports  # noqa: F401 (registers the school reports)
from learning.admin_assignments import CourseAssignmentViewSet
from learning.admin_school import (
    CourseCompletionViewSet,
    QuestionBankViewSet,
    QuizAttemptViewSet,
)
from learning.models import CheckinMonth, SelfCheckQuestion


class SelfCheckQuestionViewSet(SnippetViewSet):
    model = SelfCheckQuestion
    icon = "help"
    menu_label = _("Self-check questions")
    list_display = ["text", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["text"]
    search_backend_name = None


class CheckinMonthViewSet(SnippetViewSet):
    model = CheckinMonth
    icon = "date"
    menu_label = _("Check-in months")
    list_display = ["__str__", "deadline", "opened_at"]
    list_export = ["__str__", "deadline", "opened_at"]
    export_filename = "checkin_months"


class LearningGroup(SnippetViewSetGroup):
    menu_label = _("Monthly check-in")
    menu_icon = "tasks"
    menu_order = 262
    items = (SelfCheckQuestionViewSet, CheckinMonthViewSet)


register_snippet(LearningGroup)


class SchoolGroup(SnippetViewSetGroup):
    menu_label = _("Online school")
    menu_icon = "user"
    menu_order = 263
    items = (
        QuestionBankViewSet,
        QuizAttemptViewSet,
        CourseCompletionViewSet,
        CourseAssignmentViewSet,
    )


register_snippet(SchoolGroup)
