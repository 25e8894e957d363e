"""Admin screens of the online school: question banks (editors), quiz attempts and course
completions (read-only lists with export, for users with the view permission: inspectors and
superusers)."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from learning.quiz import QuestionBank, QuizAttempt
from learning.school import CourseCompletion


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records written by the school itself: nobody adds, edits or deletes them in the admin,
    not even a superuser; the Django "view" permission decides who sees them."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model.objects.all()
        return self.model.objects.none()


register_permission_policy(QuizAttempt, ReadOnlyPermissionPolicy(QuizAttempt))
register_permission_policy(CourseCompletion, ReadOnlyPermissionPolicy(CourseCompletion))


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "help"
    menu_label = _("Question banks")
    list_display = [
        "title",
        Column("question_count", label=pgettext_lazy("school", "questions")),
        "updated_at",
    ]
    search_fields = ["title", "description"]
    search_backend_name = None


class QuizAttemptFilterSet(WagtailFilterSet):
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("submitted at"), widget=DateRangePickerWidget
    )

    class Meta:
        model = QuizAttempt
        fields = ["passed"]


class QuizAttemptViewSet(SnippetViewSet):
    model = QuizAttempt
    icon = "tasks"
    menu_label = _("Quiz attempts")
    list_display = [
        "user_name",
        "page",
        "score",
        BooleanColumn("passed", label=_("passed")),
        "correct_count",
        "question_count",
        "submitted_at",
    ]
    filterset_class = QuizAttemptFilterSet
    list_export = [
        "user",
        "user_name",
        "page",
        "score",
        "passed",
        "correct_count",
        "question_count",
        "submitted_at",
    ]
    export_headings = {
        "user": _("username"),
        "user_name": pgettext_lazy("school", "name"),
        "page": _("page"),
    }
    export_filename = "quiz_attempts"
    search_fields = ["user__username", "user__last_name", "user__first_name", "page__title"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "user",
        "page",
        "score",
        "passed",
        "question_count",
        "correct_count",
        "submitted_at",
    ]
    copy_view_enabled = False

    def get_queryset(self, request):
        return QuizAttempt.objects.select_related("user", "page")


class CourseCompletionFilterSet(WagtailFilterSet):
    completed_at = django_filters.DateFromToRangeFilter(
        label=_("completed at"), widget=DateRangePickerWidget
    )

    class Meta:
        model = CourseCompletion
        fields = ["course", "department"]


class CourseCompletionViewSet(SnippetViewSet):
    model = CourseCompletion
    icon = "success"
    menu_label = _("Course completions")
    list_display = [
        "certificate_number",
        "user_name",
        "course",
        "department",
        "score",
        "completed_at",
    ]
    filterset_class = CourseCompletionFilterSet
    list_export = [
        "certificate_number",
        "user",
        "user_name",
        "course",
        "department",
        "score",
        "completed_at",
    ]
    export_headings = {"user": _("username"), "user_name": pgettext_lazy("school", "name")}
    export_filename = "course_completions"
    search_fields = ["certificate_number", "user__username", "user__last_name", "course__title"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return CourseCompletion.objects.select_related("user", "course", "department")
