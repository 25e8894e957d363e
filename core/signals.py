"""Cache purging only: forget the cached chrome (menu, footer links) and the anonymous page cache
when what they show changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.models import MainMenu, SiteSettings
from core.navigation import purge_chrome_cache
from core.page_cache import purge_all as purge_page_cache


@receiver(post_save, sender=MainMenu)
@receiver(post_save, sender=SiteSettings)
def purge_site_chrome(sender, created=False, **kwargs):
    if created:
        # for_site() creates the row with its defaults while rendering: nothing shown changes.
        return
    purge_chrome_cache()
    purge_page_cache()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_all_chrome(sender, **kwargs):
    purge_chrome_cache()
    purge_page_cache()


@receiver(post_delete)
def purge_chrome_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_chrome_cache()
        purge_page_cache()
