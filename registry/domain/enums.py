"""The registry's vocabularies. Each member's name is its stored value."""

from __future__ import annotations

from enum import StrEnum

from signing import CredentialKind

__all__ = [
    "AwardGrade",
    "AwardKind",
    "AwardLevel",
    "AwardState",
    "CreatorKind",
    "CredentialKind",
    "CredentialStatus",
    "DecisionOutcome",
    "DecisionState",
    "FilingScope",
    "FilingState",
    "IdDocumentType",
    "IdentityForm",
    "InstitutionCategory",
    "KeyState",
    "OperationCode",
    "OrgKind",
    "Origin",
    "Platform",
    "RecognitionState",
    "Role",
    "SourceType",
    "WorkType",
]


class OrgKind(StrEnum):
    OPERATOR = "OPERATOR"  # the registry operator
    CAC_OFFICE = "CAC_OFFICE"  # 网信办, cluster service point
    TALENT_OFFICE = "TALENT_OFFICE"  # 人才局 / 人才办
    HRSS_BUREAU = "HRSS_BUREAU"  # 人社局
    EVALUATION_INSTITUTION = "EVALUATION_INSTITUTION"  # 评价机构 (category S or Y)
    CREATOR_COMMUNITY = "CREATOR_COMMUNITY"  # the home organisation of individual creators
    STUDIO = "STUDIO"  # 工作室
    MCN = "MCN"
    PLATFORM = "PLATFORM"
    FINANCIAL = "FINANCIAL"
    HOUSING_OFFICE = "HOUSING_OFFICE"
    AUDIT_OFFICE = "AUDIT_OFFICE"  # 纪检 / 审计


class Role(StrEnum):
    SYSTEM_ADMIN = "SYSTEM_ADMIN"
    CAC_OFFICIAL = "CAC_OFFICIAL"
    TALENT_OFFICIAL = "TALENT_OFFICIAL"
    HRSS_OFFICIAL = "HRSS_OFFICIAL"
    EVALUATOR = "EVALUATOR"
    CREATOR = "CREATOR"
    PARTNER = "PARTNER"
    AUDITOR = "AUDITOR"
    PUBLIC = "PUBLIC"  # anyone, unauthenticated; never an account's role


class Origin(StrEnum):
    DOMESTIC = "DOMESTIC"  # 国内
    HMT = "HMT"  # 港澳台
    FOREIGN = "FOREIGN"  # 外籍


class CreatorKind(StrEnum):
    PERSON = "PERSON"
    STUDIO = "STUDIO"


class IdentityForm(StrEnum):
    UPLOADER = "UPLOADER"  # UP主
    BLOGGER = "BLOGGER"  # 博主
    CONTRACTED = "CONTRACTED"  # 签约创作者
    STUDIO = "STUDIO"  # 创业团队 / 工作室
    MCN_TALENT = "MCN_TALENT"  # MCN 机构签约达人


class IdDocumentType(StrEnum):
    RESIDENT_ID = "RESIDENT_ID"  # 居民身份证
    HMT_PERMIT = "HMT_PERMIT"  # 港澳台居民居住证 / 通行证
    PASSPORT = "PASSPORT"
    FOREIGN_PERMANENT_ID = "FOREIGN_PERMANENT_ID"  # 外国人永久居留身份证
    USCC = "USCC"  # a studio's unified social credit code


class Platform(StrEnum):
    BILIBILI = "BILIBILI"
    XIAOHONGSHU = "XIAOHONGSHU"
    DOUYIN = "DOUYIN"
    WECHAT_CHANNELS = "WECHAT_CHANNELS"
    WEIBO = "WEIBO"
    KUAISHOU = "KUAISHOU"
    OTHER = "OTHER"


class WorkType(StrEnum):
    TEXT = "TEXT"  # 文字
    IMAGE = "IMAGE"  # 图片
    AUDIO_VIDEO = "AUDIO_VIDEO"  # 音视频
    SPECIAL_COLUMN = "SPECIAL_COLUMN"  # 专题专栏
    THEMED_CAMPAIGN = "THEMED_CAMPAIGN"  # 主题活动
    LIVE_STREAM = "LIVE_STREAM"  # 直播
    MICRO_DRAMA = "MICRO_DRAMA"  # 微短剧


class AwardKind(StrEnum):
    """What a programme grants; eligibility programmes say which kinds count (a cash reward
    for one piece of content is not an honour)."""

    AWARD = "AWARD"  # 奖项、荣誉
    CONTENT_REWARD = "CONTENT_REWARD"  # 优质内容奖励（资金）
    LIBRARY_INCLUSION = "LIBRARY_INCLUSION"  # 入选精品内容库
    TALENT_PROJECT = "TALENT_PROJECT"  # 人才项目（揭榜挂帅）
    COMMENDATION = "COMMENDATION"  # 政府表彰
    COMPETITION = "COMPETITION"  # 技能竞赛奖项


class AwardLevel(StrEnum):
    """Highest first; :attr:`rank` orders them (larger is higher)."""

    INTERNATIONAL = "INTERNATIONAL"
    NATIONAL = "NATIONAL"
    PROVINCIAL_MUNICIPAL = "PROVINCIAL_MUNICIPAL"
    DISTRICT = "DISTRICT"
    INDUSTRY = "INDUSTRY"

    @property
    def rank(self) -> int:
        return len(AwardLevel) - list(AwardLevel).index(self)


class AwardGrade(StrEnum):
    SPECIAL = "SPECIAL"
    FIRST = "FIRST"
    SECOND = "SECOND"
    THIRD = "THIRD"
    TOP10 = "TOP10"
    SELECTED = "SELECTED"  # 入选 / 精品
    TITLE = "TITLE"  # 荣誉称号


class AwardState(StrEnum):
    CLAIMED = "CLAIMED"
    UNDER_VERIFICATION = "UNDER_VERIFICATION"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"
    RESCINDED = "RESCINDED"


class RecognitionState(StrEnum):
    PENDING = "PENDING"  # applied for (by the creator, or an official on their behalf)
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"
    REFUSED = "REFUSED"  # an application the office turned down, with its reasons


class InstitutionCategory(StrEnum):
    S = "S"  # 社会培训评价组织
    Y = "Y"  # 用人单位


class FilingScope(StrEnum):
    NATIONAL = "NATIONAL"  # filed with the ministry
    PROVINCIAL = "PROVINCIAL"  # filed with one province


class FilingState(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    WITHDRAWN = "WITHDRAWN"


class CredentialStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"


class OperationCode(StrEnum):
    """What happened to a credential (its operation history)."""

    ISSUE = "ISSUE"
    RENEW = "RENEW"
    SUSPEND = "SUSPEND"
    REINSTATE = "REINSTATE"
    CANCEL = "CANCEL"
    AMEND = "AMEND"


class SourceType(StrEnum):
    """The record a credential attests."""

    RECOGNITION = "RECOGNITION"
    AWARD_GRANT = "AWARD_GRANT"
    SKILL_CERTIFICATE = "SKILL_CERTIFICATE"
    ELIGIBILITY = "ELIGIBILITY"


class KeyState(StrEnum):
    ACTIVE = "ACTIVE"  # signs from ``activates_at``; published before then
    RETIRED = "RETIRED"  # verifies only, from ``retired_at``
    COMPROMISED = "COMPROMISED"  # rejects everything it signed


class DecisionOutcome(StrEnum):
    """What an official decided about a creator and an eligibility programme."""

    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    PROVISIONAL = "PROVISIONAL"  # 容缺受理: approved with documents to follow by a deadline


class DecisionState(StrEnum):
    """Where a recorded decision stands; only grants (approved or provisional) move."""

    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"  # its recognition is suspended; reinstated with it
    REVOKED = "REVOKED"  # its recognition is revoked
    LAPSED = "LAPSED"  # a provisional approval whose documents did not arrive in time
    SUPERSEDED = "SUPERSEDED"  # 从高从优不重复: a more favourable grant replaced it
