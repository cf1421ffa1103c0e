"""The Chinese words for the refusals an import reports (the console says the same: the
labels are checked against ``schema/static/i18n.js`` by a test)."""

from __future__ import annotations

__all__ = ["ERROR_LABELS", "error_label"]

ERROR_LABELS: dict[str, str] = {
    "INVALID_INPUT": "内容缺失或无效",
    "INVALID_ID_NUMBER": "证件号无效",
    "INVALID_LEVEL": "等级不在允许范围内",
    "INVALID_DIRECTION": "职业方向不在允许范围内",
    "INVALID_CERTIFICATE_NUMBER": "证书编号格式无效",
    "TOO_YOUNG": "未达到年龄要求",
    "SCORE_BELOW_PASS": "成绩未达合格线",
    "NOT_FOUND": "未找到",
    "DUPLICATE": "记录已存在",
    "DOCUMENTS_MISSING": "材料不全",
    "FORBIDDEN": "此账号无权进行此操作",
    "OUTSIDE_FILING": "超出备案范围",
}


def error_label(code: str) -> str:
    return ERROR_LABELS.get(code, code)
