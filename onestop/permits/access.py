"""Permission map of the joint permit pages and API. Object scoping (an employer sees only
their organization's applications; an officer only the review halves of their queue) is
done by the ``access_*`` selectors."""

from onestop.core.permissions import roles

EMPLOYER = roles("employer")
OFFICERS = roles("permit_officer", "exit_entry_officer")
MANAGERS = roles("supervisor", "admin")
VIEWERS = roles("employer", "permit_officer", "exit_entry_officer", "supervisor", "admin")

RULES = {
    # pages
    "permits:index": VIEWERS,
    "permits:start": EMPLOYER,
    "permits:detail": VIEWERS,
    "permits:edit": EMPLOYER,
    "permits:materials": EMPLOYER,
    "permits:submit": EMPLOYER,
    "permits:corrections": EMPLOYER,
    "permits:biometrics": EMPLOYER,
    "permits:queue": OFFICERS,
    "permits:review": OFFICERS,
    "permits:review-start": OFFICERS,
    "permits:review-decide": OFFICERS,
    "permits:dashboard": MANAGERS,
    # API
    "api:permits-application-list": VIEWERS,
    "api:permits-application-detail": VIEWERS,
    "api:permits-application-completeness": VIEWERS,
    "api:permits-application-materials": EMPLOYER,
    "api:permits-application-submit": EMPLOYER,
    "api:permits-application-resubmit": EMPLOYER,
    "api:permits-application-biometrics": EMPLOYER,
    "api:permits-employee-create": EMPLOYER,
    "api:permits-review-list": OFFICERS,
    "api:permits-review-start": OFFICERS,
    "api:permits-review-decide": OFFICERS,
    "api:permits-dashboard": MANAGERS,
}
