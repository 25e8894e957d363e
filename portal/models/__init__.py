"""Page types of the portal: home, columns and articles, case studies, reading room,
culture hall and the online school index."""

from .articles import ArticlePage, ArticlePageRelatedLink, ArticlePageTag, ColumnIndexPage
from .cases import CaseIndexPage, CaseStudyPage, CaseStudyPageTag, RankCategory, ViolationType
from .culture import (
    CultureHallPage,
    LiveClassPage,
    LiveClassStatus,
    MediaItemPage,
    MediaItemPageTag,
    MediaKind,
)
from .home import HomePage, HomePageHighlightColumn, HomePageQuickLink, QuickLinkIcon
from .listing import ListingPageMixin
from .reading import BookPage, BookPageTag, ReadingRoomPage
from .school import SchoolIndexPage

__all__ = [
    "ArticlePage",
    "ArticlePageRelatedLink",
    "ArticlePageTag",
    "BookPage",
    "BookPageTag",
    "CaseIndexPage",
    "CaseStudyPage",
    "CaseStudyPageTag",
    "ColumnIndexPage",
    "CultureHallPage",
    "HomePage",
    "HomePageHighlightColumn",
    "HomePageQuickLink",
    "ListingPageMixin",
    "LiveClassPage",
    "LiveClassStatus",
    "MediaItemPage",
    "MediaItemPageTag",
    "MediaKind",
    "QuickLinkIcon",
    "RankCategory",
    "ReadingRoomPage",
    "SchoolIndexPage",
    "ViolationType",
]
