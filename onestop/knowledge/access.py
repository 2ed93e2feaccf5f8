from onestop.core.permissions import PUBLIC

RULES = {
    "knowledge:index": PUBLIC,
    "knowledge:search": PUBLIC,
    "knowledge:group": PUBLIC,
    "knowledge:article": PUBLIC,
    "api:knowledge-article-list": PUBLIC,
    "api:knowledge-article-detail": PUBLIC,
    "api:knowledge-suggest": PUBLIC,
}
