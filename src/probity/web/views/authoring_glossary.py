"""The inspection's own glossary (Annexe four prints it beside the framework's): its terms
added, changed or taken out by those who write the report's tables
(:mod:`probity.workflow.authoring_tables`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from probity.bundle.model import GlossaryTerm
from probity.web.views.authoring_tables import _stale, _version
from probity.web.views.workflow import actor_for, field_problems, store_for
from probity.workflow import authoring_tables as tables
from probity.workflow.errors import InvalidError, NotFoundError, StaleError


@login_required
@require_http_methods(["GET", "POST"])
def glossary(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The inspection's terms, each with a form to change or take it out, and one to add a
    term; the framework's own terms listed for reference."""
    store, actor = store_for(request), actor_for(request)
    rows, fw = tables.glossary(store, actor, inspection_id)
    errors: list[tuple[str, str]] = []
    typed: dict[str, str] = {}
    if request.method == "POST":
        key = request.POST.get("row", "new")
        row = int(key) if key.isdigit() else None
        typed = {k: str(v) for k, v in request.POST.items()} | {"key": key}
        fields = {k: f"{k}-{key}" for k in ("term", "definition")}
        try:
            if request.POST.get("step") == "delete" and row is not None:
                tables.delete_glossary_term(store, actor, inspection_id, row, _version(request))
                messages.success(request, "The term is taken out of the glossary")
            else:
                tables.save_glossary_term(
                    store, actor, inspection_id, row, _version(request),
                    term=typed.get("term", ""), definition=typed.get("definition", ""),
                )  # fmt: skip
                messages.success(request, "The glossary is saved")
        except InvalidError as e:
            errors = field_problems(e, fields)
        except StaleError as e:
            errors = _stale(e, fields["term"])
        except NotFoundError:
            errors = [(fields["term"], "That term is no longer in the glossary")]
        else:
            return redirect("write-glossary", inspection_id=inspection_id)
    terms = [(r.row_id, r.version, r.record) for r in rows if isinstance(r.record, GlossaryTerm)]
    own = {t.term.casefold() for _, _, t in terms}
    context = {
        "inspection": store.inspection_row(inspection_id),
        "terms": terms,
        "framework_terms": [
            (t.term, t.definition, t.term.casefold() in own)
            for t in sorted(fw.glossary, key=lambda t: t.term.casefold())
        ],
        "errors": errors,
        "typed": typed,
    }
    status = 400 if errors else 200
    return render(request, "probity/authoring/glossary.html", context, status=status)


urlpatterns = [path("report/write/glossary/", glossary, name="write-glossary")]
