from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning and monthly check-in")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from learning import signals  # noqa: F401 (connects the receivers)
