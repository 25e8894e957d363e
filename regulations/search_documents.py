"""What the regulations library contributes to the site search: each regulation version, and
each of its articles on its own (a hit links to the article's anchor)."""

from __future__ import annotations

from regulations.models import RegulationNode, RegulationPage
from regulations.models.constants import Category, NodeKind, Status, Tier
from search.registry import IndexDocument, SearchSource, register


class RegulationSource(SearchSource):
    def get_queryset(self):
        return (
            RegulationPage.objects.live()
            .with_status()
            .prefetch_related("tags")
            .iterator(chunk_size=100)
        )

    def documents(self, page):
        url = page.get_url() or page.url_path
        full_title = page.full_title
        status = page.status
        common = {
            "page_id": page.pk,
            "type": "regulation",
            "date": page.version_date,
            "category": page.category,
            "tier": page.tier,
            "status": status,
            "group_title": full_title,
            "version_date": page.version_date,
        }
        history = " ".join(event.get("text") or "" for event in page.history or [])
        yield IndexDocument(
            key=f"page:{page.pk}",
            title=full_title,
            url=url,
            title_extra=" ".join(
                [page.document_number, page.issuing_authority, page.sector]
                + [tag.name for tag in page.tags.all()]
            ),
            text=history,
            position=0,
            **common,
        )
        articles = RegulationNode.objects.filter(page=page, kind=NodeKind.ARTICLE).order_by(
            "position"
        )
        for node in articles:
            yield IndexDocument(
                key=f"regulation-article:{node.pk}",
                title=page.cite(node.label),
                title_terms=node.title,
                title_extra=full_title,
                url=f"{url}#{node.anchor}",
                text=node.text,
                article=node.label,
                position=node.position,
                **common,
            )


register(
    RegulationSource(
        name="regulations.regulations",
        type="regulation",
        models=(RegulationPage,),
        facet_labels={
            "category": dict(Category.choices),
            "status": dict(Status.choices),
            "tier": {k: v for k, v in Tier.choices if k},
        },
    )
)
