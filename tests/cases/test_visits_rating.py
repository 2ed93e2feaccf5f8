import pytest

from onestop.cases.models import CaseRating
from onestop.cases.services import case_create, case_rate, case_record_visit, case_transition
from onestop.core.errors import Conflict, ValidationFailed


@pytest.fixture
def closed_case(make_user):
    liaison, reviewer = make_user("liaison"), make_user("fao_reviewer")
    case = case_create(kind="kerneltest", by=liaison, title="t")
    case_transition(case=case, name="submit", by=liaison)
    case_transition(case=case, name="approve", by=reviewer)
    return case, liaison


def test_rating_only_after_completion_and_once(make_user, closed_case):
    case, liaison = closed_case
    open_case = case_create(kind="kerneltest", by=liaison, title="x")
    with pytest.raises(Conflict):
        case_rate(case=open_case, by=liaison, score=5)
    case_rate(case=case, by=liaison, score=4, comment=" quick ")
    assert CaseRating.objects.get(case=case).comment == "quick"
    with pytest.raises(Conflict):
        case_rate(case=case, by=liaison, score=5)


@pytest.mark.parametrize("score", [0, 6, "5", None])
def test_rating_range(closed_case, score):
    case, liaison = closed_case
    with pytest.raises(ValidationFailed):
        case_rate(case=case, by=liaison, score=score)


def test_visits_are_counted(closed_case):
    case, liaison = closed_case
    case_record_visit(case=case, by=liaison, purpose="collection", place="FAO hall")
    assert case.visits.count() == 1
