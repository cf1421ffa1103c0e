"""No ID number in any log line, exception text, QR payload, audit digest input or row.

The test runs the use cases that touch an ID number with every logger at DEBUG (SQLAlchemy's
statement and parameter logging included), collects everything that could leak, and searches
it for the number, its first 17 digits and the birth date it contains.
"""

from __future__ import annotations

import logging
import zlib
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import text

from registry.audit import digest
from registry.config import Settings
from registry.db.base import Base
from registry.domain.enums import CredentialKind, IdDocumentType, OrgKind
from registry.domain.identity import mask_id_number, mask_name, resident_id_check_char
from registry.domain.paging import PageRequest
from registry.domain.skills import SkillLevel
from registry.errors import DomainError
from registry.runtime import open_registry
from registry.services import (
    certificates,
    creators,
    credential_status,
    issuance,
    keys,
    queries,
)
from registry.services import common as service_common
from registry.services.context import ServiceContext
from signing import TrustList, verify
from signing.base45 import b45decode
from tests.registry.conftest import DOMESTIC, ID_DOC, ISSUER, MASTER_KEY, Clock, World, resident_id
from tests.registry.helpers import certificate_number, mma_filing, recognised

NUMBER = resident_id(birth="19900307", serial="246")
NEEDLES = (NUMBER, NUMBER[:17], "19900307")


def test_masking() -> None:
    assert mask_id_number(NUMBER) == "310***********" + NUMBER[-4:]
    assert len(mask_id_number(NUMBER)) == 18
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("Anna Lee") == "A*** L**"
    assert resident_id_check_char("11010519491231002") == "X"


def _leaks(haystack: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in haystack]


async def test_no_id_number_leaks_anywhere(
    database_url: str,
    world: World,
    clock: Clock,
    tmp_path: Any,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snapshots: list[Any] = []

    def recording_digest(snapshot: Any) -> str | None:
        snapshots.append(snapshot)
        return digest(snapshot)

    monkeypatch.setattr(service_common, "digest", recording_digest)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    settings = Settings(
        database_url=database_url, data_dir=tmp_path, issuer_url=ISSUER, kek=MASTER_KEY
    )
    ctx: ServiceContext = await open_registry(settings, clock=clock)
    errors: list[str] = []
    payloads: list[str] = []
    try:
        command = creators.RegisterCreator("张三", DOMESTIC, ID_DOC, NUMBER, region_code="310110")
        assert NUMBER not in repr(command)
        creator = await creators.register_creator(ctx, world["sh-mma"], command)
        for attempt in (
            creators.register_creator(ctx, world["yp-talent"], command),  # duplicate
            creators.register_creator(
                ctx,
                world["yp-talent"],
                creators.RegisterCreator("张三", DOMESTIC, ID_DOC, NUMBER[:17] + "0"),
            ),  # bad check digit
            creators.find_creator_by_id_number(
                ctx, world["sh-cac"], IdDocumentType.RESIDENT_ID, NUMBER[:-1]
            ),
        ):
            try:
                await attempt
            except DomainError as exc:
                errors.extend([str(exc), repr(exc), exc.message, str(exc.field)])
        found = await creators.find_creator_by_id_number(
            ctx, world["sh-cac"], IdDocumentType.RESIDENT_ID, NUMBER
        )
        assert found is not None
        payloads.append(repr(found))
        filing = await mma_filing(ctx, world)
        cert = await certificates.record_skill_certificate(
            ctx,
            world["sh-mma"],
            certificates.RecordSkillCertificate(
                certificates.Holder(ID_DOC, NUMBER, "张三"),
                filing.id,
                certificate_number(filing.prefix, 2026, SkillLevel.L3, 77),
                SkillLevel.L3,
                date(2026, 4, 1),
            ),
        )
        for principal, request in (
            (
                world["sh-mma"],
                issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, cert.id),
            ),
            (
                world["yp-talent"],
                issuance.IssueCredential(
                    CredentialKind.CREATOR_RECOGNITION, await recognised(ctx, world, creator.id)
                ),
            ),
        ):
            issued = await issuance.issue_credential(ctx, principal, request)
            payloads.append(issued.qr_text)
            raw = b45decode(issued.qr_text[4:])
            # Signed CWTs often do not compress, so TR1 may carry the COSE bytes as they are.
            envelope = zlib.decompress(raw) if raw[0] & 0x0F == 8 else raw
            payloads.append(envelope.decode("latin-1"))
            trust = TrustList.from_jwks(await keys.jwks(ctx))
            claims = verify(issued.qr_text, trust=trust, now=ctx.now()).claims
            payloads.append(repr(claims))
            assert claims.subject_name == "张*"
        await credential_status.suspend_credential(
            ctx, world["yp-talent"], issued.credential.id, reason="check"
        )
        listed = await queries.list_credentials(ctx, world["sh-cac"], PageRequest(first=10))
        payloads.append(repr(listed))
        # Everything stored, column by column: the number is only ever sealed or keyed-hashed.
        async with ctx.uow(read_only=True) as uow:
            for table in Base.metadata.sorted_tables:
                rows = await uow.session.execute(text(f"SELECT * FROM {table.name}"))
                for row in rows:
                    payloads.append(" ".join(map(str, row)))
    finally:
        await ctx.aclose()
    log_text = "\n".join(
        f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
    )
    assert caplog.records, "logging was not captured"
    assert "INSERT INTO creators" in log_text, "SQL logging was not captured"
    assert snapshots, "no audit snapshot was taken"
    for where, haystack in (
        ("log lines", log_text),
        ("exception texts", "\n".join(errors)),
        ("QR payloads, views and rows", "\n".join(payloads)),
        ("audit snapshots", repr(snapshots)),
    ):
        assert not _leaks(haystack), f"ID number found in {where}"


async def test_a_failed_statement_never_shows_its_parameters(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy import insert
    from sqlalchemy.exc import DBAPIError

    from registry.db import models as m
    from registry.db.engine import create_engine

    engine = create_engine(database_url)
    caplog.set_level(logging.DEBUG)
    try:
        async with engine.begin() as connection:
            # code is unique: a second row with the same code fails inside the database.
            statement = insert(m.Organisation).values(
                code="dup-x",
                name=NUMBER,
                kind=OrgKind.PLATFORM,
                region_code="310000",
                created_at=datetime.now(UTC),
            )
            await connection.execute(statement)
            with pytest.raises(DBAPIError) as failed:
                await connection.execute(statement)
    finally:
        await engine.dispose()
    assert NUMBER not in str(failed.value)
    assert "hidden due to hide_parameters" in str(failed.value)
    assert NUMBER not in caplog.text
