"""Admin screens of the online school: question banks, quiz attempts, course completions."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from learning.quiz import QuestionBank


class QuestionBankViewSet(SnippetViewSet):
    model = QuestionBank
    icon = "help"
    menu_label = _("Question banks")
    list_display = ["title", "updated_at"]
    search_fields = ["title"]
    search_backend_name = None
