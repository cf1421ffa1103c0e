"""The holder's choice of name on public surfaces (DOMAIN §5): masked unless the creator
chooses otherwise; only the creator chooses; credentials carry the choice in force when
signed; the migration that holds it goes up and down."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection

from registry.authz import Principal
from registry.db import models as m
from registry.domain import Creator
from registry.domain.enums import CredentialKind, OperationCode, Role
from registry.domain.paging import PageRequest
from registry.errors import ErrorCode, InvalidInput, NotAuthorized, NotFound
from registry.migrate import MIGRATIONS_DIR, current_revision, head_revision
from registry.services import audit_log, creators, issuance, keys, name_display, orgs
from registry.services.audit_log import AuditFilter
from registry.services.context import ServiceContext
from signing import TrustList, verify
from tests.registry.conftest import DOMESTIC, ID_DOC, Clock, World, resident_id
from tests.registry.helpers import recognised, verified_award

_serial = itertools.count(300)


async def _registered(ctx: ServiceContext, world: World, name: str) -> tuple[str, str]:
    """A creator registered by its district office: (public id, its ID number)."""
    number = resident_id(serial=str(next(_serial)), birth="19920412")
    creator = await creators.register_creator(
        ctx,
        world["yp-talent"],
        creators.RegisterCreator(name, DOMESTIC, ID_DOC, number, region_code="310110"),
    )
    return creator.id, number


async def _holder(ctx: ServiceContext, world: World, creator_id: str) -> Principal:
    """The creator's own signed-in account."""
    account = await orgs.create_account(
        ctx,
        world.admin,
        orgs.CreateAccount(
            "creators", f"holder-{next(_serial)}", Role.CREATOR, creator_id=creator_id
        ),
    )
    token = await orgs.create_token(ctx, world.admin, account_id=account.id)
    return await orgs.authenticate(ctx, token.secret)


async def _footprint(ctx: ServiceContext, creator_id: str) -> tuple[Any, ...]:
    """What a refused choice must leave alone: the creator's row and the audit chain."""
    async with ctx.uow(read_only=True) as uow:
        row = (
            await uow.session.execute(select(m.Creator).where(m.Creator.public_id == creator_id))
        ).scalar_one()
        head = (await uow.session.execute(select(m.AuditHead.seq))).scalar_one()
        return row.show_full_name, row.name_display_chosen_at, row.updated_at, head


async def _subject_name(ctx: ServiceContext, qr_text: str) -> str:
    """The name as a verifier reads it from the signed QR (signature checked)."""
    trust = TrustList.from_jwks(await keys.jwks(ctx))
    return verify(qr_text, trust=trust, now=ctx.now()).claims.subject_name


async def _choose(
    ctx: ServiceContext, who: Principal, show: bool, creator_id: str | None = None
) -> Creator:
    return await name_display.set_name_display(
        ctx, who, name_display.SetNameDisplay(show_full_name=show, creator_id=creator_id)
    )


async def test_names_are_masked_until_the_holder_chooses(ctx: ServiceContext, world: World) -> None:
    creator_id, _ = await _registered(ctx, world, "张三")
    creator = await creators.get_creator(ctx, world["sh-cac"], creator_id)
    assert (creator.show_full_name, creator.name_display_chosen_at) == (False, None)
    assert creator.public_name == "张*"


async def test_only_the_creator_itself_may_choose(ctx: ServiceContext, world: World) -> None:
    creator_id, _ = await _registered(ctx, world, "张三")
    other_id, _ = await _registered(ctx, world, "李四")
    other = await _holder(ctx, world, other_id)
    bare = await world.sign_in("creators", "no-profile")
    before = await _footprint(ctx, creator_id)
    # Officials, even the office that registered the creator, and every other role.
    for org in ("yp-talent", "sh-cac", "sh-hrss", "sh-mma", "sh-bank", "sh-audit", "operator"):
        with pytest.raises(NotAuthorized) as refused:
            await _choose(ctx, world[org], True, creator_id)
        assert refused.value.code is ErrorCode.FORBIDDEN, org
    with pytest.raises(NotAuthorized) as system:
        await _choose(ctx, world.admin, True, creator_id)
    assert system.value.code is ErrorCode.FORBIDDEN
    # Another creator.
    with pytest.raises(NotAuthorized) as outside:
        await _choose(ctx, other, True, creator_id)
    assert (outside.value.code, outside.value.field) == (ErrorCode.OUT_OF_SCOPE, "creator_id")
    # A creator account without a profile has nothing to choose for.
    with pytest.raises(NotFound) as missing:
        await _choose(ctx, bare, True)
    assert missing.value.field == "creator_id"
    assert await _footprint(ctx, creator_id) == before
    # The other creator's own choice is untouched by all this.
    assert (await creators.get_creator(ctx, other, other_id)).show_full_name is False


async def test_the_choice_is_recorded_when_made_and_audited_without_the_name(
    ctx: ServiceContext, world: World, clock: Clock
) -> None:
    creator_id, number = await _registered(ctx, world, "欧阳娜娜")
    me = await _holder(ctx, world, creator_id)
    chosen = await _choose(ctx, me, True)
    assert (chosen.id, chosen.show_full_name, chosen.name_display_chosen_at) == (
        creator_id,
        True,
        clock(),
    )
    assert chosen.public_name == "欧阳娜娜"
    seen = await creators.get_creator(ctx, world["yp-talent"], creator_id)
    assert (seen.show_full_name, seen.name_display_chosen_at) == (True, clock())

    # Choosing again what is chosen changes nothing, not even the time.
    clock.advance(hours=1)
    again = await _choose(ctx, me, True, creator_id)
    assert again.name_display_chosen_at == chosen.name_display_chosen_at
    clock.advance(hours=1)
    withdrawn = await _choose(ctx, me, False)
    assert (withdrawn.show_full_name, withdrawn.name_display_chosen_at) == (False, clock())
    assert withdrawn.public_name == "欧***"

    events = await audit_log.list_audit_events(
        ctx,
        world["sh-audit"],
        PageRequest(first=10),
        AuditFilter(target_id=creator_id, action="creator.name_display"),
    )
    assert [(e.actor, e.actor_role, e.target_type) for e in events.items] == [
        (me.actor, "CREATOR", "creator"),
        (me.actor, "CREATOR", "creator"),
    ]
    first, second = events.items
    assert first.before_digest == second.after_digest != first.after_digest
    for event in events.items:
        for secret in ("欧阳娜娜", number, number[6:14]):
            assert secret not in repr(event)
    await audit_log.verify_audit_chain(ctx)


async def _subject_names(ctx: ServiceContext, creator_id: str) -> dict[str, str]:
    """The subject names stored with the creator's credentials, by credential id."""
    async with ctx.uow(read_only=True) as uow:
        rows = await uow.session.execute(
            select(m.Credential.public_id, m.Credential.subject_name)
            .join(m.Creator, m.Credential.creator_id == m.Creator.id)
            .where(m.Creator.public_id == creator_id)
        )
        return {public_id: name for public_id, name in rows}


async def test_credentials_carry_the_choice_in_force_when_signed(
    ctx: ServiceContext, world: World
) -> None:
    creator_id, number = await _registered(ctx, world, "张三")
    me = await _holder(ctx, world, creator_id)
    talent, cac = world["yp-talent"], world["sh-cac"]
    before = await issuance.issue_credential(
        ctx,
        talent,
        issuance.IssueCredential(
            CredentialKind.CREATOR_RECOGNITION, await recognised(ctx, world, creator_id)
        ),
    )
    assert await _subject_name(ctx, before.qr_text) == "张*"

    await _choose(ctx, me, True)
    after = await issuance.issue_credential(
        ctx,
        cac,
        issuance.IssueCredential(
            CredentialKind.AWARD, await verified_award(ctx, world, creator_id)
        ),
    )
    assert after.credential.subject_name == "张三"
    assert await _subject_name(ctx, after.qr_text) == "张三"
    claims = verify(after.qr_text, trust=TrustList.from_jwks(await keys.jwks(ctx)), now=ctx.now())
    for secret in (number, number[:17], number[6:14]):
        assert secret not in repr(claims)

    # The credential signed before keeps its masked name; renewing it signs the choice.
    assert await _subject_name(ctx, before.qr_text) == "张*"
    stored = await _subject_names(ctx, creator_id)
    assert stored == {before.credential.id: "张*", after.credential.id: "张三"}
    renewed = await issuance.reissue_credential(
        ctx, talent, before.credential.id, operation=OperationCode.RENEW, reason="holder asked"
    )
    assert await _subject_name(ctx, renewed.qr_text) == "张三"

    # Withdrawn: what is signed next is masked again; what was signed stays.
    await _choose(ctx, me, False)
    masked = await issuance.reissue_credential(
        ctx, talent, renewed.credential.id, operation=OperationCode.RENEW, reason="withdrawn"
    )
    assert await _subject_name(ctx, masked.qr_text) == "张*"
    assert await _subject_name(ctx, after.qr_text) == "张三"


async def test_a_bulk_run_signs_each_holders_own_choice(ctx: ServiceContext, world: World) -> None:
    shown_id, _ = await _registered(ctx, world, "王小明")
    masked_id, _ = await _registered(ctx, world, "赵小红")
    await _choose(ctx, await _holder(ctx, world, shown_id), True)
    requests = [
        issuance.IssueCredential(
            CredentialKind.CREATOR_RECOGNITION, await recognised(ctx, world, creator_id)
        )
        for creator_id in (shown_id, masked_id)
    ]
    result = await issuance.issue_credentials_bulk(ctx, world["yp-talent"], requests)
    assert result.failures == []
    assert {
        **await _subject_names(ctx, shown_id),
        **await _subject_names(ctx, masked_id),
    }.keys() == set(result.issued)
    assert set((await _subject_names(ctx, shown_id)).values()) == {"王小明"}
    assert set((await _subject_names(ctx, masked_id)).values()) == {"赵**"}


def _long_name() -> str:
    """200 distinct CJK characters (the longest name a creator may have): zlib cannot shrink it."""
    return "".join(chr(0x4E00 + 41 * i) for i in range(200))


async def _credential_count(ctx: ServiceContext) -> tuple[int, int]:
    async with ctx.uow(read_only=True) as uow:
        credentials = await uow.session.scalar(select(func.count()).select_from(m.Credential))
        allocated = await uow.session.scalar(select(func.sum(m.StatusList.allocated_count)))
    return int(credentials or 0), int(allocated or 0)


async def test_a_full_name_too_long_for_the_qr_code_is_a_clear_refusal(
    ctx: ServiceContext, world: World
) -> None:
    name = _long_name()
    creator_id, _ = await _registered(ctx, world, name)
    me = await _holder(ctx, world, creator_id)
    source = await recognised(ctx, world, creator_id)
    await _choose(ctx, me, True)
    counts = await _credential_count(ctx)
    with pytest.raises(InvalidInput) as refused:
        await issuance.issue_credential(
            ctx,
            world["yp-talent"],
            issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, source),
        )
    assert (refused.value.code, refused.value.field) == (ErrorCode.TOO_LARGE, "source_id")
    assert "full name" in refused.value.message
    assert "masked name" in refused.value.message
    assert name[:2] not in refused.value.message
    assert await _credential_count(ctx) == counts
    # The same record issues once the holder goes back to the masked name.
    await _choose(ctx, me, False)
    issued = await issuance.issue_credential(
        ctx,
        world["yp-talent"],
        issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, source),
    )
    assert await _subject_name(ctx, issued.qr_text) == name[0] + "*" * 199


def _creator_columns(sync: Connection) -> set[str]:
    return {column["name"] for column in inspect(sync).get_columns("creators")}


def _migrate(sync: Connection, direction: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = sync
    getattr(command, direction)(config, revision)


async def test_the_migration_goes_down_and_up_again(ctx: ServiceContext, world: World) -> None:
    creator_id, _ = await _registered(ctx, world, "张三")
    await _choose(ctx, await _holder(ctx, world, creator_id), True)
    assert ctx.engine is not None
    columns = {"show_full_name", "name_display_chosen_at"}
    async with ctx.engine.begin() as connection:
        assert columns <= await connection.run_sync(_creator_columns)
        await connection.run_sync(lambda sync: _migrate(sync, "downgrade", "0004"))
        assert not columns & await connection.run_sync(_creator_columns)
    assert await current_revision(ctx.engine) == "0004"
    async with ctx.engine.begin() as connection:
        await connection.run_sync(lambda sync: _migrate(sync, "upgrade", "head"))
    assert await current_revision(ctx.engine) == head_revision()
    # Rows that were there before the upgrade are masked: nobody has chosen yet.
    async with ctx.engine.connect() as connection:
        shown = await connection.scalar(
            select(m.Creator.show_full_name).where(m.Creator.public_id == creator_id)
        )
        chosen_at = await connection.scalar(
            select(m.Creator.name_display_chosen_at).where(m.Creator.public_id == creator_id)
        )
    assert (shown, chosen_at) == (False, None)
