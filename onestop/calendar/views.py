from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onestop.core.errors import ValidationFailed

from . import selectors, services
from .forms import ImportForm, YearForm


def _render_year(request: HttpRequest, year: int, import_form: ImportForm, problems=None, status: int = 200):
    overview = selectors.calendar_year_overview(year=year)
    return render(
        request,
        "calendar/year.html",
        {
            "overview": overview,
            "year_form": YearForm(initial={"year": year}, auto_id="pick-%s"),
            "import_form": import_form,
            "problems": problems or [],
            "previous_year": year - 1,
            "next_year": year + 1,
        },
        status=status,
    )


@require_GET
def year_view(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None, auto_id="pick-%s")
    year = form.cleaned_data["year"] if request.GET and form.is_valid() else timezone.localdate().year
    return _render_year(request, year, ImportForm(initial={"year": year}))


@require_POST
def import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    problems = []
    if form.is_valid():
        year = form.cleaned_data["year"]
        upload = form.cleaned_data["file"]
        try:
            result = services.calendar_import_file(
                year=year, content=upload.read(), filename=upload.name, by=request.user
            )
        except services.ImportRejected as exc:
            form.add_error("file", str(exc.message))
            problems = [str(p) for p in exc.problems]
        except ValidationFailed as exc:
            form.add_error("file", str(exc.message))
        else:
            messages.success(
                request,
                _("%(year)s imported: %(holidays)d holidays and %(workdays)d make-up working days.")
                % {"year": year, "holidays": result.holidays, "workdays": result.workdays},
            )
            return HttpResponseRedirect(f"{reverse('calendar:year')}?year={year}")
    year = form.cleaned_data.get("year") if hasattr(form, "cleaned_data") else None
    return _render_year(request, year or timezone.localdate().year, form, problems, status=400)
