from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlyWarningConfig(AppConfig):
    name = "early_warning"
    verbose_name = _("Early warning and disposal")
    default_auto_field = "django.db.models.BigAutoField"
