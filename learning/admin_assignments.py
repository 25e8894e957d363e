"""Admin screens of assigned learning: inspectors assign courses to departments or posts."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from learning.assignments import CourseAssignment


class CourseAssignmentViewSet(SnippetViewSet):
    model = CourseAssignment
    icon = "list-ul"
    menu_label = _("Course assignments")
    list_display = ["course", "month", "department", "post", "required", "due_date"]
