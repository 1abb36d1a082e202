"""A small training data directory in Rasa's format, so tests that file examples never touch data/."""

from __future__ import annotations

from pathlib import Path

REQUESTS = """\
version: "3.1"
# Intake intents. Comments must survive.
nlu:
- intent: request_deletion
  examples: |
    - 删除我的数据
    - 请删掉我的个人信息

- intent: request_access
  examples: |
    - 我想查阅我的数据
"""
FAQ = """\
version: "3.1"
nlu:
- intent: faq/cookie_manage
  examples: |
    - 怎么关闭cookie
responses:
  utter_faq/cookie_manage:
  - text: "…——出自《旷视个人信息与隐私保护政策》"
"""


def write_data_dir(root: Path) -> Path:
    """`root/nlu/requests.yml` and `root/nlu/faq.yml`; returns root."""
    (root / "nlu").mkdir(parents=True)
    (root / "nlu" / "requests.yml").write_text(REQUESTS, encoding="utf-8")
    (root / "nlu" / "faq.yml").write_text(FAQ, encoding="utf-8")
    return root
