"""Ticket types, statuses and the lifecycle's allowed transitions."""

from __future__ import annotations

from enum import Enum

from bot.tickets.errors import IllegalTransition, InvalidTicketField, ReasonRequired


class TicketType(str, Enum):
    ACCESS = "access"
    CORRECTION = "correction"
    DELETION = "deletion"
    ACCOUNT_CLOSURE = "account_closure"


class Scenario(str, Enum):
    BUSINESS_INQUIRY = "business_inquiry"
    AFTER_SALES = "after_sales"
    RECRUITMENT = "recruitment"
    # A Megvii customer's product: per policy section 七 the customer is the controller.
    PRODUCT = "product"
    OTHER = "other"


class Status(str, Enum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    AWAITING_REQUESTER = "awaiting_requester"
    COMPLETED = "completed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_REQUESTER})

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.IN_PROGRESS, Status.REJECTED, Status.WITHDRAWN}),
    Status.IN_PROGRESS: frozenset(
        {Status.COMPLETED, Status.AWAITING_REQUESTER, Status.REJECTED, Status.WITHDRAWN}
    ),
    Status.AWAITING_REQUESTER: frozenset({Status.IN_PROGRESS, Status.REJECTED, Status.WITHDRAWN}),
    Status.COMPLETED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}


class RejectionReason(str, Enum):
    """Policy section 七 lists eight cases where a request need not be answered (1–8), plus our own."""

    LEGAL_OBLIGATION = "legal_obligation"
    NATIONAL_SECURITY = "national_security"
    PUBLIC_INTEREST = "public_interest"
    CRIMINAL_JUSTICE = "criminal_justice"
    ABUSE_OF_RIGHTS = "abuse_of_rights"
    VITAL_INTERESTS = "vital_interests"
    HARM_TO_OTHERS = "harm_to_others"
    TRADE_SECRET = "trade_secret"
    IDENTITY_NOT_VERIFIED = "identity_not_verified"
    NOT_CONTROLLER = "not_controller"
    OTHER = "other"


# Wording follows the policy's section 七 list (items 1–8) so staff and requesters see the same text.
REJECTION_TEXT: dict[RejectionReason, str] = {
    RejectionReason.LEGAL_OBLIGATION: "与履行法律法规规定的义务相关",
    RejectionReason.NATIONAL_SECURITY: "与国家安全、国防安全直接相关",
    RejectionReason.PUBLIC_INTEREST: "与公共安全、公共卫生、重大公共利益直接相关",
    RejectionReason.CRIMINAL_JUSTICE: "与刑事侦查、起诉、审判和执行判决等直接相关",
    RejectionReason.ABUSE_OF_RIGHTS: "有充分证据表明请求存在主观恶意或滥用权利",
    RejectionReason.VITAL_INTERESTS: "出于维护您或其他个人的生命、财产等重大合法权益但又很难得到本人授权同意",
    RejectionReason.HARM_TO_OTHERS: "响应请求将导致您或其他个人、组织的合法权益受到严重损害",
    RejectionReason.TRADE_SECRET: "涉及商业秘密",
    RejectionReason.IDENTITY_NOT_VERIFIED: "我们无法核实您的身份",
    RejectionReason.NOT_CONTROLLER: "该个人信息由旷视的客户作为个人信息控制者处理，请直接向该客户提出请求",
    RejectionReason.OTHER: "其他原因",
}

STATUS_TEXT: dict[Status, str] = {
    Status.RECEIVED: "已受理",
    Status.IN_PROGRESS: "处理中",
    Status.AWAITING_REQUESTER: "等待您补充信息",
    Status.COMPLETED: "已完成",
    Status.REJECTED: "已拒绝",
    Status.WITHDRAWN: "已撤回",
}

# The language a request was filed in, as staff read it (the console stays Chinese; the mails follow it).
LANGUAGE_TEXT = {"zh": "中文", "en": "英文"}

TYPE_TEXT: dict[TicketType, str] = {
    TicketType.ACCESS: "查阅个人信息",
    TicketType.CORRECTION: "更正个人信息",
    TicketType.DELETION: "删除个人信息",
    TicketType.ACCOUNT_CLOSURE: "注销账号",
}


def parse_enum(enum: type[Enum], value: object, field: str) -> Enum:
    """Turn a raw string into an enum member or raise an error naming the field."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in enum)
        raise InvalidTicketField(field, f"{field} must be one of: {allowed}") from None


def check_transition(current: Status, target: Status, reason: str | None, note: str | None) -> None:
    """Refuse moves the lifecycle forbids, and rejections without a usable reason."""
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current.value, target.value)
    if target is Status.REJECTED:
        if reason is None:
            raise ReasonRequired("reason", "a rejection needs a reason")
        parsed = parse_enum(RejectionReason, reason, "reason")
        if parsed is RejectionReason.OTHER and not (note and note.strip()):
            raise ReasonRequired("note", "reason 'other' needs the explanation in note")
