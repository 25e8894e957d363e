"""Admin choosers: pick one article of a regulation (for case studies, post risks …)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from regulations.models import NodeKind, RegulationNode


class ArticleFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Regulation title, 第十二条 or words")}),
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            for word in query.split()[:5]:
                objects = objects.filter(
                    Q(page__title__icontains=word) | Q(label=word) | Q(text__icontains=word)
                )
        return objects


class ArticleChooseMixin:
    filter_form_class = ArticleFilterForm
    ordering = ["page__title", "page__version_date", "position"]

    def get_object_list(self):
        return RegulationNode.objects.filter(kind=NodeKind.ARTICLE, page__live=True).select_related(
            "page"
        )

    @property
    def columns(self):
        return [
            self.title_column,
            Column("version", label=_("Version"), accessor=lambda o: o.page.version_date or "—"),
        ]


class ArticleChooseView(ArticleChooseMixin, ChooseView):
    pass


class ArticleChooseResultsView(ArticleChooseMixin, ChooseResultsView):
    pass


class RegulationArticleChooserViewSet(ChooserViewSet):
    model = RegulationNode
    icon = "doc-full"
    choose_one_text = _("Choose a regulation article")
    choose_another_text = _("Choose another article")
    page_title = _("Choose a regulation article")
    choose_view_class = ArticleChooseView
    choose_results_view_class = ArticleChooseResultsView
    per_page = 20


regulation_article_chooser_viewset = RegulationArticleChooserViewSet(
    "regulation_article_chooser", url_prefix="regulations/article-chooser"
)
