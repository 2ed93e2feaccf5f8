"""Training pages, mounted at /training/ (namespace "training")."""

from django.urls import path

from .views import live, manage, participant, people, public

app_name = "training"

urlpatterns = [
    # anyone
    path("", public.catalogue, name="catalogue"),
    path("programs/<int:pk>/", public.program_detail, name="program"),
    path("programs/<int:pk>/enrol/", public.enrol, name="enrol"),
    path("programs/<int:pk>/calendar.ics", public.program_ics, name="program-ics"),
    path("sessions/<int:pk>/", public.session_detail, name="session"),
    path("sessions/<int:pk>/counter.json", public.session_counter, name="session-counter"),
    # participants
    path("mine/", participant.my_trainings, name="my-trainings"),
    path("enrolments/<int:pk>/cancel/", participant.enrolment_cancel, name="enrolment-cancel"),
    path("enrolments/<int:pk>/accept/", participant.offer_accept, name="offer-accept"),
    path("enrolments/<int:pk>/decline/", participant.offer_decline, name="offer-decline"),
    path("enrolments/<int:pk>/pass.svg", participant.enrolment_pass, name="enrolment-pass"),
    path("materials/<int:pk>/", participant.material_download, name="material"),
    path("surveys/<int:pk>/", participant.survey, name="survey"),
    path("certificates/<int:pk>/pdf/", participant.certificate_pdf, name="certificate-pdf"),
    # the classroom
    path("sessions/<int:pk>/room/", live.room, name="session-room"),
    path("sessions/<int:pk>/board/", live.board, name="question-board"),
    path("sessions/<int:pk>/join/", live.join, name="session-join"),
    path("sessions/<int:pk>/leave/", live.leave, name="session-leave"),
    path("sessions/<int:pk>/heartbeat/", live.heartbeat, name="session-heartbeat"),
    path("sessions/<int:pk>/questions/", live.ask, name="question-ask"),
    path("questions/<int:pk>/upvote/", live.upvote, name="question-upvote"),
    path("questions/<int:pk>/audio/<str:part>/", live.question_audio, name="question-audio"),
    path("questions/<int:pk>/answer/", live.answer, name="question-answer"),
    path("questions/<int:pk>/mark-answered/", live.mark_answered, name="question-mark"),
    path("questions/<int:pk>/hide/", live.hide, name="question-hide"),
    path("questions/<int:pk>/restore/", live.restore, name="question-restore"),
    path("sessions/<int:pk>/qa/", live.qa_toggle, name="session-qa"),
    # liaison officers
    path("liaison/", people.liaison, name="liaison"),
    path("liaison/programs/<int:pk>/", people.nominate, name="nominate"),
    # organizers and facilitators
    path("manage/", manage.manage_list, name="manage"),
    path("manage/new/", manage.program_create, name="program-create"),
    path("manage/programs/<int:pk>/", manage.program_manage, name="program-manage"),
    path("manage/programs/<int:pk>/edit/", manage.program_edit, name="program-edit"),
    path("manage/programs/<int:pk>/do/<str:name>/", manage.program_transition, name="program-transition"),
    path("manage/programs/<int:pk>/sessions/new/", manage.session_create, name="session-create"),
    path("manage/sessions/<int:pk>/edit/", manage.session_edit, name="session-edit"),
    path("manage/sessions/<int:pk>/delete/", manage.session_delete, name="session-delete"),
    path("manage/programs/<int:pk>/materials/new/", manage.material_create, name="material-create"),
    path("manage/materials/<int:pk>/delete/", manage.material_delete, name="material-delete"),
    path("manage/programs/<int:pk>/quotas/", manage.quotas, name="quotas"),
    path("manage/quotas/<int:pk>/delete/", manage.quota_delete, name="quota-delete"),
    path("manage/programs/<int:pk>/enrolments/", people.enrolments, name="enrolments"),
    path("manage/enrolments/<int:pk>/approve/", people.enrolment_approve, name="enrolment-approve"),
    path("manage/enrolments/<int:pk>/reject/", people.enrolment_reject, name="enrolment-reject"),
    path("manage/programs/<int:pk>/stats/", people.stats, name="stats"),
    path("manage/programs/<int:pk>/certificates/", people.certificates, name="certificates"),
    path("manage/sessions/<int:pk>/checkin/", people.checkin, name="checkin"),
    path("manage/sessions/<int:pk>/survey/", people.survey_edit, name="survey-edit"),
    path("manage/sessions/<int:pk>/publish/", people.questions_publish, name="questions-publish"),
]
