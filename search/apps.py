from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from search import signals

        signals.connect_synonym_signals()

        # Each content app declares what it indexes in its own search_documents.py.
        autodiscover_modules("search_documents")
