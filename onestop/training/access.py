"""Permission map entries of the training app (deny by default). Object scoping is done by
``selectors.access_*``: a participant sees their own enrolments, a liaison officer their
organization's, organizers the programs of their organization, facilitators the programs
they are named on."""

from onestop.accounts.roles import Role
from onestop.core.permissions import LOGGED_IN, PUBLIC, roles

ORGANIZERS = roles(Role.TRAINING_ORGANIZER, Role.ADMIN)
STAFF = roles(Role.TRAINING_ORGANIZER, Role.FACILITATOR, Role.ADMIN)
PARTICIPANTS = roles(Role.PARTICIPANT)
LIAISONS = roles(Role.LIAISON)

RULES = {
    # pages: anyone
    "training:catalogue": PUBLIC,
    "training:program": PUBLIC,
    "training:program-ics": PUBLIC,
    "training:session": PUBLIC,
    "training:session-counter": PUBLIC,
    # pages: participants (nominated people may hold another role, so most are LOGGED_IN
    # and scoped to the caller's own enrolment)
    "training:enrol": PARTICIPANTS,
    "training:my-trainings": LOGGED_IN,
    "training:enrolment-cancel": LOGGED_IN,
    "training:offer-accept": LOGGED_IN,
    "training:offer-decline": LOGGED_IN,
    "training:enrolment-pass": LOGGED_IN,
    "training:material": LOGGED_IN,
    "training:survey": LOGGED_IN,
    "training:certificate-pdf": LOGGED_IN,
    "training:session-room": LOGGED_IN,
    "training:question-board": LOGGED_IN,
    "training:session-join": LOGGED_IN,
    "training:session-leave": LOGGED_IN,
    "training:session-heartbeat": LOGGED_IN,
    "training:question-ask": LOGGED_IN,
    "training:question-upvote": LOGGED_IN,
    "training:question-audio": LOGGED_IN,
    # pages: facilitators (scoped to their programs)
    "training:question-answer": STAFF,
    "training:question-mark": STAFF,
    "training:question-hide": STAFF,
    "training:question-restore": STAFF,
    "training:session-qa": STAFF,
    "training:checkin": STAFF,
    "training:questions-publish": STAFF,
    "training:manage": STAFF,
    "training:program-manage": STAFF,
    "training:stats": STAFF,
    # pages: liaison officers
    "training:liaison": LIAISONS,
    "training:nominate": LIAISONS,
    # pages: organizers
    "training:program-create": ORGANIZERS,
    "training:program-edit": ORGANIZERS,
    "training:program-transition": ORGANIZERS,
    "training:session-create": ORGANIZERS,
    "training:session-edit": ORGANIZERS,
    "training:session-delete": ORGANIZERS,
    "training:material-create": ORGANIZERS,
    "training:material-delete": ORGANIZERS,
    "training:quotas": ORGANIZERS,
    "training:quota-delete": ORGANIZERS,
    "training:enrolments": ORGANIZERS,
    "training:enrolment-approve": ORGANIZERS,
    "training:enrolment-reject": ORGANIZERS,
    "training:certificates": ORGANIZERS,
    "training:survey-edit": ORGANIZERS,
}

RULES.update(
    {
        # API: anyone
        "api:training-program-list": PUBLIC,
        "api:training-program-detail": PUBLIC,
        "api:training-session-counter": PUBLIC,
        # API: participants and nominated people (scoped to their own enrolments)
        "api:training-enrol": PARTICIPANTS,
        "api:training-my-enrolments": LOGGED_IN,
        "api:training-enrolment-cancel": LOGGED_IN,
        "api:training-offer-accept": LOGGED_IN,
        "api:training-offer-decline": LOGGED_IN,
        "api:training-session-join": LOGGED_IN,
        "api:training-session-leave": LOGGED_IN,
        "api:training-session-heartbeat": LOGGED_IN,
        "api:training-question-list": LOGGED_IN,
        "api:training-question-upvote": LOGGED_IN,
        "api:training-survey": LOGGED_IN,
        # API: liaison officers
        "api:training-nominate": LIAISONS,
        "api:training-liaison-enrolments": LIAISONS,
        # API: organizers and facilitators
        "api:training-manage-program-list": STAFF,
        "api:training-program-stats": STAFF,
        "api:training-checkin": STAFF,
        "api:training-questions-publish": STAFF,
        "api:training-session-qa": STAFF,
        "api:training-question-answer": STAFF,
        "api:training-question-mark": STAFF,
        "api:training-question-hide": STAFF,
        "api:training-question-restore": STAFF,
        "api:training-manage-program-detail": ORGANIZERS,
        "api:training-program-transition": ORGANIZERS,
        "api:training-session-create": ORGANIZERS,
        "api:training-session-manage": ORGANIZERS,
        "api:training-quota-list": ORGANIZERS,
        "api:training-quota-delete": ORGANIZERS,
        "api:training-material-create": ORGANIZERS,
        "api:training-material-delete": ORGANIZERS,
        "api:training-enrolment-list": ORGANIZERS,
        "api:training-certificates": ORGANIZERS,
        "api:training-survey-save": ORGANIZERS,
        "api:training-enrolment-approve": ORGANIZERS,
        "api:training-enrolment-reject": ORGANIZERS,
    }
)
