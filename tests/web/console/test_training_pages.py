"""The trainer's review inbox in the console: masked groups, labels, filing into data/ once, access rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from starlette.testclient import TestClient

from bot.training import nludata
from bot.training.inbox import ReviewGroup, read_inbox
from tests.support.nlu_data import write_data_dir
from tests.support.tracker_store import fill_tracker_store, user_event

PAGE = "/console/training/review"
DELETE = [("nlu_fallback", 0.41), ("request_deletion", 0.38)]
EMAIL, PHONE = "zhang.wei@example.com", "13912345678"
MARKUP = "<script>alert(1)</script>cookie怎么关"
SignIn = Callable[[str], tuple[TestClient, str]]


@pytest.fixture
def console_env(tmp_path: Path) -> dict[str, str]:
    return {
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "TRAINING_DATA_DIR": str(write_data_dir(tmp_path / "data")),
    }


@pytest.fixture
def inbox_path(tmp_path: Path) -> Path:
    """Where `make review` keeps the inbox too (VAR_DIR/review/inbox.yml)."""
    return tmp_path / "var" / "review" / "inbox.yml"


@pytest.fixture
def tracker(tmp_path: Path) -> None:
    """Real traffic: two similar deletion requests with personal data, an FAQ turn with markup, small talk."""
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    fill_tracker_store(
        engine,
        [
            ("user", user_event(f"我的邮箱是{EMAIL}，电话{PHONE}，帮我删数据", "nlu_fallback", 0.41, DELETE)),
            (
                "user",
                user_event(
                    "我的邮箱是li@example.org，电话13800001111，帮我删数据", "nlu_fallback", 0.4, DELETE
                ),
            ),
            ("user", user_event(MARKUP, "faq", 0.5, topic="faq/cookie_manage")),
            ("user", user_event("删除我的数据！", "nlu_fallback", 0.3, DELETE)),
            ("user", user_event("你好", "greet", 0.99)),
        ],
    )
    engine.dispose()


@pytest.fixture
def trainer(signed_in: SignIn, tracker: None) -> tuple[TestClient, str]:
    """A trainer who has pressed 刷新 once."""
    client, csrf = signed_in("trainer")
    assert client.post(f"{PAGE}/refresh", data={"csrf": csrf}).status_code == 303
    return client, csrf


def _group(inbox_path: Path, fragment: str) -> ReviewGroup:
    return next(g for g in read_inbox(inbox_path) if fragment in g.representative)


def _examples(tmp_path: Path, label: str) -> list[str]:
    return [e.text for e in nludata.load([tmp_path / "data"]).labels()[label]]


def test_trainer_sees_masked_messages_grouped_with_the_prediction(trainer: tuple[TestClient, str]) -> None:
    client, _ = trainer
    page = client.get(PAGE)
    assert page.status_code == 200
    assert EMAIL not in page.text and PHONE not in page.text and "13800001111" not in page.text
    assert "我的邮箱是[邮箱]，电话[电话]，帮我删数据" in page.text
    assert "共 2 条 · 模型预测 <code>request_deletion</code>（置信度 0.38）" in page.text
    assert '<option value="faq/cookie_manage">faq/cookie_manage</option>' in page.text
    assert "你好" not in page.text


def test_markup_in_a_message_is_escaped(trainer: tuple[TestClient, str]) -> None:
    client, _ = trainer
    page = client.get(PAGE).text
    assert MARKUP not in page
    # Rasa markup ( ) is stripped before a trainer sees the text; the rest is escaped.
    assert "&lt;script&gt;alert1&lt;/script&gt;cookie怎么关" in page


def test_labels_are_saved_in_the_shared_inbox_file(trainer: tuple[TestClient, str], inbox_path: Path) -> None:
    client, csrf = trainer
    group = _group(inbox_path, "删数据")
    response = client.post(f"{PAGE}/labels", data={"csrf": csrf, f"group:{group.id}": "request_deletion"})
    assert response.status_code == 303
    assert _group(inbox_path, "删数据").label == "request_deletion"
    assert '<option value="request_deletion" selected>' in client.get(PAGE).text


def test_unknown_label_is_refused_in_chinese(trainer: tuple[TestClient, str], inbox_path: Path) -> None:
    client, csrf = trainer
    group = _group(inbox_path, "删数据")
    response = client.post(
        f"{PAGE}/labels", data={"csrf": csrf, f"group:{group.id}": "request_refund"}, follow_redirects=True
    )
    assert "未保存：标签「request_refund」在训练数据中不存在" in response.text
    assert _group(inbox_path, "删数据").label is None


def test_apply_appends_in_rasa_format_and_reports_what_it_did(
    trainer: tuple[TestClient, str], inbox_path: Path, tmp_path: Path
) -> None:
    client, csrf = trainer
    group = _group(inbox_path, "删数据")
    response = client.post(f"{PAGE}/apply", data={"csrf": csrf, f"group:{group.id}": "request_deletion"})
    assert (response.status_code, response.headers["location"]) == (303, f"{PAGE}/applied")
    content = (tmp_path / "data" / "nlu" / "requests.yml").read_text(encoding="utf-8")
    assert (
        "    - 我的邮箱是zhangsan@example.com，电话13800138000，帮我删数据\n\n- intent: request_access"
        in content
    )
    report = client.get(f"{PAGE}/applied").text
    assert "data/nlu/requests.yml" in report and "make validate &amp;&amp; make nlu-report" in report
    assert "make train" in report
    assert "删数据" not in client.get(PAGE).text  # filed groups are not offered again


def test_second_apply_adds_no_duplicate(
    trainer: tuple[TestClient, str], inbox_path: Path, tmp_path: Path
) -> None:
    client, csrf = trainer
    form = {"csrf": csrf, f"group:{_group(inbox_path, '删数据').id}": "request_deletion"}
    client.post(f"{PAGE}/apply", data=form)
    client.post(f"{PAGE}/refresh", data={"csrf": csrf})
    client.post(f"{PAGE}/apply", data=form)
    filed = "我的邮箱是zhangsan@example.com，电话13800138000，帮我删数据"
    assert _examples(tmp_path, "request_deletion").count(filed) == 1


def test_message_already_in_the_data_is_skipped_as_duplicate(
    trainer: tuple[TestClient, str], inbox_path: Path, tmp_path: Path
) -> None:
    client, csrf = trainer
    group = _group(inbox_path, "删除我的数据")
    client.post(f"{PAGE}/apply", data={"csrf": csrf, f"group:{group.id}": "request_deletion"})
    assert _examples(tmp_path, "request_deletion") == ["删除我的数据", "请删掉我的个人信息"]
    report = client.get(f"{PAGE}/applied").text
    assert "新增 0 条，已存在而跳过 1 条" in report and "data/nlu/requests.yml:6" in report


def test_empty_tracker_store_shows_a_friendly_page(signed_in: SignIn) -> None:
    client, csrf = signed_in("trainer")
    response = client.post(f"{PAGE}/refresh", data={"csrf": csrf}, follow_redirects=True)
    assert response.status_code == 200
    assert "对话记录库中还没有任何对话" in response.text and 'id="empty"' in response.text


@pytest.mark.parametrize("path", ["/refresh", "/labels", "/apply"])
def test_post_without_csrf_is_refused(signed_in: SignIn, path: str) -> None:
    client, _ = signed_in("trainer")
    assert client.post(PAGE + path, data={}).status_code == 403
    assert client.post(PAGE + path, data={"csrf": "forged"}).status_code == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("GET", "/applied"), ("POST", "/refresh"), ("POST", "/labels"), ("POST", "/apply")],
)
def test_agent_is_refused(signed_in: SignIn, method: str, path: str) -> None:
    client, csrf = signed_in("agent")
    response = client.request(method, PAGE + path, data={"csrf": csrf} if method == "POST" else None)
    assert response.status_code == 403 and "无权" in response.text


def test_anonymous_is_sent_to_sign_in(anonymous: TestClient) -> None:
    response = anonymous.get(PAGE)
    assert (response.status_code, response.headers["location"]) == (303, f"/console/login?next={PAGE}")
    assert anonymous.post(f"{PAGE}/refresh").status_code == 401


def test_nav_link_only_for_roles_with_training(signed_in: SignIn) -> None:
    trainer, _ = signed_in("trainer")
    admin, _ = signed_in("admin")
    agent, _ = signed_in("agent")
    assert f'href="{PAGE}"' in trainer.get("/console").text
    assert f'href="{PAGE}"' in admin.get("/console/tickets").text
    assert admin.get(PAGE).status_code == 200
    assert f'href="{PAGE}"' not in agent.get("/console/tickets").text


def test_broken_inbox_file_is_explained_not_a_500(signed_in: SignIn, inbox_path: Path) -> None:
    client, _ = signed_in("trainer")
    inbox_path.parent.mkdir(parents=True)
    inbox_path.write_text("groups: [ {id: ", encoding="utf-8")
    page = client.get(PAGE)
    assert page.status_code == 200 and "格式有误" in page.text
