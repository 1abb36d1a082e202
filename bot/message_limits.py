"""Message guard applied by every input channel before NLU.

A 10,000-character message costs Rasa seconds to featurize, and an empty one has nothing to
classify, so both are answered here, politely and at once, without reaching the model.
"""

from __future__ import annotations

from dataclasses import dataclass

TOO_LONG_REPLY = (
    "抱歉，您的消息有 {length} 个字，超过了单条 {limit} 字的上限，我没有处理。"
    "请把问题精简一下或分几条发送；如需提交较长的材料，可以发送邮件至 business@megvii.com。"
)
EMPTY_REPLY = "您好像发送了一条空消息。请直接输入您的问题，例如“你们收集了我的哪些个人信息？”"
FAILURE_REPLY = "抱歉，系统刚才没能处理您的消息。请稍后再发一次，或输入“转人工”联系客服。"


@dataclass(frozen=True)
class GuardVerdict:
    """`reply` is None when the message may go on to the assistant."""

    reply: str | None

    @property
    def accepted(self) -> bool:
        return self.reply is None


def check_message(text: str | None, *, max_chars: int) -> GuardVerdict:
    """Refuse empty and over-long messages with a reply in Chinese; accept everything else."""
    if text is None or not text.strip():
        return GuardVerdict(EMPTY_REPLY)
    length = len(text)
    if length > max_chars:
        return GuardVerdict(TOO_LONG_REPLY.format(length=length, limit=max_chars))
    return GuardVerdict(None)
