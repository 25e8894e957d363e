from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared components")

    def ready(self):
        from core import converters, signals  # noqa: F401  (signals connects cache purging)

        converters.register()
