from .enrolment import ACTIVE, SEAT_HOLDING, Attendance, Enrolment, EnrolmentStatus, new_checkin_code
from .feedback import Certificate, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from .live import Question, QuestionStatus, QuestionVote
from .programs import VISIBLE_STATES, Material, Program, ProgramState, Quota, Session

__all__ = [
    "ACTIVE",
    "SEAT_HOLDING",
    "VISIBLE_STATES",
    "Attendance",
    "Certificate",
    "Enrolment",
    "EnrolmentStatus",
    "Material",
    "Program",
    "ProgramState",
    "Question",
    "QuestionStatus",
    "QuestionVote",
    "Quota",
    "Session",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "new_checkin_code",
]
