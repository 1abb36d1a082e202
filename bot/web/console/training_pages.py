"""The trainer's review inbox: refresh it from the tracker store, label the groups, file them into data/.

Thin over `bot.training.inbox_workflow`, which `make review` / `make review-apply` use too, on the same files.
"""

from __future__ import annotations

import logging

from sqlalchemy import create_engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.settings import Settings
from bot.staff.roles import Permission
from bot.training.inbox import SKIP, ApplyReport, ReviewGroup
from bot.training.inbox_workflow import (
    InboxUnreadable,
    NoConversationsYet,
    NothingToApply,
    ReviewError,
    ReviewFiles,
    TrackerStoreUnreadable,
    UnknownLabels,
    apply_inbox,
    defined_labels,
    item_key,
    load_inbox,
    read_report,
    refresh_inbox,
    save_labels,
    with_resolved_labels,
)
from bot.training.labelling import ExamplesBlockNotFound
from bot.training.traffic import DEFAULT_THRESHOLD
from bot.web.console.access import redirect, staff_only
from bot.web.console.rendering import render
from bot.web.deps import deps_of

log = logging.getLogger(__name__)
PAGE = "/console/training/review"
SHOWN = 200  # groups per page; the rest wait for the next round (the form only touches what it shows)
GROUP_FIELD = "group:"
ITEM_FIELD = "item:"


def _files(settings: Settings) -> ReviewFiles:
    return ReviewFiles.under(settings.var_dir)


def _error_text(error: ReviewError | ExamplesBlockNotFound) -> str:
    if isinstance(error, UnknownLabels):
        return (
            f"未保存：标签「{'」「'.join(error.labels)}」在训练数据中不存在。"
            "请从列表中选择意图或 faq/<主题>，不需要的消息请选「跳过」。"
        )
    if isinstance(error, NoConversationsYet):
        return "对话记录库中还没有任何对话，暂无待标注的消息。"
    if isinstance(error, TrackerStoreUnreadable):
        return "暂时无法读取对话记录库，请稍后重试。"
    if isinstance(error, InboxUnreadable):
        return "待标注文件（var/review/inbox.yml）格式有误，请修正或删除后点击「刷新」。"
    if isinstance(error, NothingToApply):
        return "没有待标注的消息，请先点击「刷新」。"
    if isinstance(error, ExamplesBlockNotFound):
        return "无法写入：训练数据文件中找不到该标签的 examples 块，请联系维护训练数据的同事。"
    return "操作未完成。"


def labels_from(form: FormData) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """`group:<id>` and `item:<id>:<item_key>` fields, as `save_labels` takes them."""
    groups: dict[str, str] = {}
    items: dict[tuple[str, str], str] = {}
    for name, value in form.multi_items():
        if not isinstance(value, str):
            continue
        if name.startswith(GROUP_FIELD):
            groups[name[len(GROUP_FIELD) :]] = value
        elif name.startswith(ITEM_FIELD):
            group_id, _, key = name[len(ITEM_FIELD) :].rpartition(":")
            items[(group_id, key)] = value
    return groups, items


def _view(settings: Settings) -> tuple[list[ReviewGroup], list[str], bool]:
    labels = defined_labels(settings.training_data_dir)
    groups = with_resolved_labels(load_inbox(_files(settings)), set(labels))
    return groups, labels, _files(settings).last_apply.is_file()


@staff_only(Permission.TRAINING)
async def review_page(request: Request) -> Response:
    settings = deps_of(request).settings
    error = ""
    try:
        groups, labels, applied_before = await run_in_threadpool(_view, settings)
    except InboxUnreadable as problem:
        log.warning("review inbox unreadable", exc_info=problem)
        groups, labels, applied_before, error = [], [], False, _error_text(problem)
    context = {
        "groups": groups[:SHOWN],
        "total": len(groups),
        "messages": sum(g.size for g in groups),
        "labels": labels,
        "label_set": set(labels),
        "skip": SKIP,
        "item_key": item_key,
        "threshold": DEFAULT_THRESHOLD,
        "applied_before": applied_before,
        "error": error,
    }
    return render(request, "review.html", context)


@staff_only(Permission.TRAINING)
async def refresh(request: Request) -> Response:
    settings = deps_of(request).settings

    def work() -> list[ReviewGroup]:
        engine = create_engine(settings.tracker_database_url, future=True)
        try:
            return refresh_inbox(engine, _files(settings))
        finally:
            engine.dispose()

    try:
        groups = await run_in_threadpool(work)
    except TrackerStoreUnreadable as error:
        log.warning("review refresh: tracker store unreadable", exc_info=error)
        return redirect(PAGE, _error_text(error))
    except ReviewError as error:
        return redirect(PAGE, _error_text(error))
    return redirect(PAGE, f"已刷新：{len(groups)} 组、共 {sum(g.size for g in groups)} 条待标注消息。")


@staff_only(Permission.TRAINING)
async def save(request: Request) -> Response:
    settings = deps_of(request).settings
    group_labels, item_labels = labels_from(await request.form())
    try:
        await run_in_threadpool(
            lambda: save_labels(
                _files(settings),
                data_dir=settings.training_data_dir,
                group_labels=group_labels,
                item_labels=item_labels,
            )
        )
    except ReviewError as error:
        return redirect(PAGE, _error_text(error))
    return redirect(PAGE, "标注已保存。")


@staff_only(Permission.TRAINING)
async def apply(request: Request) -> Response:
    """Saves the form's labels first (the button sits in the labelling form), then files them."""
    settings = deps_of(request).settings
    group_labels, item_labels = labels_from(await request.form())
    files, data_dir = _files(settings), settings.training_data_dir

    def work() -> ApplyReport:
        if group_labels or item_labels:
            save_labels(files, data_dir=data_dir, group_labels=group_labels, item_labels=item_labels)
        return apply_inbox(files, data_dir=data_dir)

    try:
        report = await run_in_threadpool(work)
    except (ReviewError, ExamplesBlockNotFound) as error:
        return redirect(PAGE, _error_text(error))
    log.info(
        "review applied: %d added, %d duplicates, %d unknown",
        len(report.added),
        len(report.duplicates),
        len(report.unknown),
    )
    return redirect(f"{PAGE}/applied")


@staff_only(Permission.TRAINING)
async def applied(request: Request) -> Response:
    settings = deps_of(request).settings
    report = await run_in_threadpool(read_report, _files(settings).last_apply)
    return render(request, "review_applied.html", {"report": report})


routes = [
    Route(PAGE, review_page, methods=["GET"]),
    Route(f"{PAGE}/refresh", refresh, methods=["POST"]),
    Route(f"{PAGE}/labels", save, methods=["POST"]),
    Route(f"{PAGE}/apply", apply, methods=["POST"]),
    Route(f"{PAGE}/applied", applied, methods=["GET"]),
]
