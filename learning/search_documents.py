"""What the online school contributes to the site search (see search.registry)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from learning.school import CoursePage, LessonPage
from search.registry import IndexDocument, SearchSource, register
from search.text import join, stream_text


def _date(page):
    return page.first_published_at.date() if page.first_published_at else None


class CourseSource(SearchSource):
    """One document per course (summary and tags; logged-in users only unless the course is
    open to everyone), one per lesson of an open course."""

    def dependent_page_ids(self, page):
        # A lesson is indexed only while its course is open: the course's audience decides.
        if isinstance(page, CoursePage) and page.pk:
            return list(LessonPage.objects.child_of(page).values_list("pk", flat=True))
        return ()

    def documents(self, page):
        if isinstance(page, CoursePage):
            yield IndexDocument(
                key=f"page:{page.pk}",
                page_id=page.pk,
                type="course",
                title=page.title,
                title_extra=" ".join(tag.name for tag in page.tags.all()),
                url=page.get_url() or page.url_path,
                text=page.summary,
                date=_date(page),
                category="required" if page.required else "optional",
                login_only=not page.is_open,
            )
            return
        course = page.get_parent().specific
        if not isinstance(course, CoursePage) or not course.is_open:
            return  # lessons of staff-only courses stay out of the public search
        yield IndexDocument(
            key=f"page:{page.pk}",
            page_id=page.pk,
            type="course",
            title=page.title,
            title_extra=course.title,
            url=page.get_url() or page.url_path,
            text=join(stream_text(page.body)),
            date=_date(page),
            category="required" if course.required else "optional",
            group_title=course.title,
        )


register(
    CourseSource(
        name="learning.courses",
        type="course",
        models=(CoursePage, LessonPage),
        facet_labels={
            "category": {"required": _("Required course"), "optional": _("Optional course")}
        },
    )
)
