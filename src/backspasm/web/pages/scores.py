"""``POST /questionnaires/{questionnaire}/save``: keep a questionnaire score in the diary.

The result page of a questionnaire has a "Save to my diary" button: a plain form (no
JavaScript) that posts the same answers back. The score is worked out again here from the
answers with the authors' rules, never taken from the form, and stored with
:meth:`backspasm.store.Diary.save_score`, as ``backspasm score --save`` does; it then appears
in the report. A post from another website is refused (403), as on ``/diary/import``; bad
answers show the form again with one sentence (400); nothing is stored then.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..deps import KnowledgeDep
from .diary import DiaryDep, cross_site
from .errors import html_error
from .routes import questionnaire_context, render, score_form

router = APIRouter()


@router.post("/questionnaires/{questionnaire}/save")
async def save_score(request: Request, questionnaire: str, diary: DiaryDep,
                     knowledge: KnowledgeDep) -> Response:
    """Score the posted answers again and keep the score in the diary."""
    care = request.app.state.care
    ins = care.instruments.get(questionnaire)
    if ins is None:
        return html_error(request, 404, "There is no such questionnaire.", back="/questionnaires")
    async with request.form(max_files=0, max_fields=20, max_part_size=1024) as form:
        params = {k: v for k, v in form.items() if isinstance(v, str)}
    context = questionnaire_context(ins, params, knowledge)
    context["values"]["submitted"] = "1"
    if cross_site(request):
        context["error"] = ("This score was sent from another website, so it was not saved; "
                            "answer the questionnaire on this page instead.")
        return render(request, "questionnaire.html", context, 403)
    result, error = score_form(ins, params, care)
    context.update(result=result, error=error)
    if error is not None:
        return render(request, "questionnaire.html", context, 400)
    saved = await run_in_threadpool(diary.save_score, result, knowledge.version)
    context.update(saved=saved, title=f"Saved: {ins.name}")
    return render(request, "questionnaire.html", context)
