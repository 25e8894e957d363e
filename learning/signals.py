"""Keep lesson progress attached to the right course when an editor moves a lesson.

LessonProgress stores the course for cheap per-course counts; a lesson moved to another course
takes its progress rows along (the handler only calls the service).
"""

from django.dispatch import receiver
from wagtail.signals import post_page_move


@receiver(post_page_move)
def _lesson_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    from learning.school import LessonPage
    from learning.school_progress import lesson_moved

    if issubclass(sender, LessonPage) and parent_page_before.pk != parent_page_after.pk:
        lesson_moved(lesson_id=instance.pk, course_id=parent_page_after.pk)
