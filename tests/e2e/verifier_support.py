"""What the verifier-page tests share: an issuer serving its documents, and reading the banner."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from signing import Algorithm, CredentialKind, Signer, StatusList, StatusPurpose, TrustList, issue
from signing.trustlist import sign_trust_list
from tests.e2e.conftest import StaticSite
from tests.e2e.tr1_cases import ISSUER, LIST_ID, claims_for

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["VERDICTS", "Issuer", "banner"]

VERDICTS = (
    "valid",
    "revoked",
    "suspended",
    "expired",
    "notYetValid",
    "statusUnknown",
    "notGenuine",
    "unreadable",
    "cannotCheck",
)


class Issuer:
    """A signing key, its published JWKS and status list, as the real server would serve them."""

    def __init__(self, site: StaticSite) -> None:
        self.site = site
        self.signer = Signer.generate(Algorithm.ES256)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.status_list = StatusList(LIST_ID, issuer=ISSUER)
        site.documents.jwks = json.dumps(TrustList([self.signer.public_record()]).to_jwks())
        self.publish_trust()
        self.publish()

    def publish_trust(
        self, *, now: datetime | None = None, ttl: timedelta = timedelta(days=1)
    ) -> None:
        trust = TrustList([self.signer.public_record()])
        self.site.documents.trust_list = sign_trust_list(
            trust, issuer=ISSUER, signer=self.signer, now=now or self.now, ttl=ttl
        )

    def publish(self) -> None:
        """The list as the server serves it: one standard document per purpose."""
        for purpose in StatusPurpose:
            self.site.documents.status[f"{LIST_ID}/{purpose.value}"] = self.status_list.sign(
                issuer=ISSUER,
                signer=self.signer,
                now=self.now,
                ttl=timedelta(days=1),
                purpose=purpose,
            )

    def credential(self, kind: CredentialKind = CredentialKind.SKILL_CERTIFICATE) -> str:
        return issue(claims_for(kind), signer=self.signer, now=self.now - timedelta(minutes=1))

    def link(self, text: str) -> str:
        return f"{self.site.base_url}/v#{text}"


def banner(page: Page) -> dict[str, str]:
    """The verdict once the page has one (not while it is still checking)."""
    page.wait_for_function(
        "(verdicts) => verdicts.includes(document.getElementById('banner').dataset.verdict)",
        arg=list(VERDICTS),
    )
    return {
        "verdict": page.locator("#banner").get_attribute("data-verdict") or "",
        "word": page.locator("#verdict").inner_text(),
        "code": page.locator("#stage-code").inner_text(),
        "claims": page.locator("#claims").inner_text(),
        "trust": page.locator("#trust-info").inner_text(),
    }
