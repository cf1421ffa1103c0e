"""``ccr recognitions``: a talent office's recognitions (认定): its queue, applications on a
creator's behalf, decisions, suspensions, reinstatements, revocations and corrections.

Every command acts as a talent official of ``--org`` (what that office may do, in its own
district), and is audited like the same change over GraphQL, naming the operator.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from ._common import DatabaseUrl, day_option, fail, record_id, run, with_registry

if TYPE_CHECKING:
    from registry.authz import Principal
    from registry.domain.creators import Recognition
    from registry.services.context import ServiceContext

__all__ = ["register"]

T = TypeVar("T")
Org = Annotated[str, typer.Option(help="The talent office's code, e.g. yp-talent")]
Reason = Annotated[str, typer.Option(help="Why; kept with the record")]
RecognitionId = Annotated[
    str, typer.Argument(help="The recognition's id (rc_…, or its API id)", callback=record_id)
]


def _day(value: str | None, option: str) -> date | None:
    return None if value is None else day_option(value, option)


def _as_office(
    org: str,
    database_url: str | None,
    action: Callable[[ServiceContext, Principal], Awaitable[T]],
) -> T:
    from registry.domain.enums import OrgKind, Role
    from registry.services import orgs

    async def work(ctx: ServiceContext) -> T:
        office = await orgs.operator_acting_for(ctx, org, Role.TALENT_OFFICIAL)
        if office.organisation_kind is not OrgKind.TALENT_OFFICE:
            # The authority is the office's record, not the role the command assumes.
            raise fail(f"--org {org}: not a talent office", 2)
        return await action(ctx, office)

    return run(with_registry(database_url, work))


def _show(recognition: Recognition) -> None:
    until = f" – {recognition.valid_until}" if recognition.valid_until else ""
    Console().print(
        f"{recognition.id}  {recognition.cluster_code}  {recognition.state}  "
        f"{recognition.recognised_on}{until}  {recognition.decision_ref or ''}"
    )


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="A talent office's recognitions (认定).", no_args_is_help=True)
    app.add_typer(group, name="recognitions")

    @group.command("list")
    def list_command(
        org: Org,
        state: Annotated[
            str | None, typer.Option(help="PENDING (the queue), ACTIVE, SUSPENDED, …")
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """The office's recognitions and applications, newest first."""
        from registry.domain.enums import RecognitionState
        from registry.services import recognitions

        try:
            wanted = None if state is None else RecognitionState(state.upper())
        except ValueError:
            raise fail(
                f"--state: one of {', '.join(s.value for s in RecognitionState)}", 2
            ) from None
        found = _as_office(
            org,
            database_url,
            lambda ctx, office: recognitions.office_recognitions(ctx, office, state=wanted),
        )
        table = Table("id", "creator", "cluster", "state", "from", "until", "decision", "reason")
        for r in found:
            table.add_row(
                r.id,
                r.creator_id,
                r.cluster_code,
                r.state.value,
                str(r.recognised_on),
                str(r.valid_until or ""),
                r.decision_ref or "",
                r.reason or "",
            )
        Console().print(table)

    @group.command("apply")
    def apply_command(
        org: Org,
        creator: Annotated[
            str, typer.Option(help="The creator's id (cr_…, or its API id)", callback=record_id)
        ],
        cluster: Annotated[str, typer.Option(help="The cluster's code, e.g. YP_VJUCHANG")],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Apply for recognition on a creator's behalf: a PENDING application."""
        from registry.services import recognitions

        command = recognitions.ApplyForRecognition(creator_id=creator, cluster_code=cluster)
        _show(
            _as_office(
                org,
                database_url,
                lambda ctx, office: recognitions.apply_for_recognition(ctx, office, command),
            )
        )

    @group.command("record")
    def record_command(
        org: Org,
        creator: Annotated[
            str, typer.Option(help="The creator's id (cr_…, or its API id)", callback=record_id)
        ],
        cluster: Annotated[str, typer.Option(help="The cluster's code, e.g. YP_VJUCHANG")],
        valid_from: Annotated[str, typer.Option("--from", help="The day it counts from")],
        valid_until: Annotated[str | None, typer.Option("--until", help="Its end, if any")] = None,
        decision_ref: Annotated[str | None, typer.Option(help="e.g. 杨人才认〔2026〕1号")] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Record a recognition the office decided without an application in the registry."""
        from registry.services import recognitions

        command = recognitions.RecogniseCreator(
            creator,
            cluster,
            day_option(valid_from, "--from"),
            _day(valid_until, "--until"),
            decision_ref,
        )
        _show(
            _as_office(
                org,
                database_url,
                lambda ctx, office: recognitions.recognise_creator(ctx, office, command),
            )
        )

    @group.command("decide")
    def decide_command(
        recognition: RecognitionId,
        org: Org,
        approve: Annotated[
            bool, typer.Option("--approve/--refuse", help="Recognise, or refuse (with --reason)")
        ],
        reason: Annotated[str | None, typer.Option(help="Required to refuse")] = None,
        valid_from: Annotated[
            str | None, typer.Option("--from", help="The day it counts from (default: today)")
        ] = None,
        valid_until: Annotated[str | None, typer.Option("--until", help="Its end, if any")] = None,
        decision_ref: Annotated[str | None, typer.Option(help="e.g. 杨人才认〔2026〕1号")] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Decide a pending application."""
        from registry.services import recognitions

        start, end = _day(valid_from, "--from"), _day(valid_until, "--until")
        _show(
            _as_office(
                org,
                database_url,
                lambda ctx, office: recognitions.decide_recognition(
                    ctx,
                    office,
                    recognition,
                    approve=approve,
                    reason=reason,
                    recognised_on=start,
                    valid_until=end,
                    decision_ref=decision_ref,
                ),
            )
        )

    def _transition(
        recognition: str, org: str, how: str, reason: str | None, url: str | None
    ) -> None:
        """Suspend, reinstate or revoke: the registry's transition of that name."""
        from registry.services import recognitions

        if how != "reinstate" and not (reason or "").strip():
            raise fail("--reason: say why", 2)

        async def change(ctx: ServiceContext, office: Principal) -> Recognition:
            if how == "reinstate":
                return await recognitions.reinstate_recognition(
                    ctx, office, recognition, reason=reason
                )
            act = (
                recognitions.suspend_recognition
                if how == "suspend"
                else recognitions.revoke_recognition
            )
            return await act(ctx, office, recognition, reason=reason or "")

        _show(_as_office(org, url, change))

    @group.command("suspend")
    def suspend_command(
        recognition: RecognitionId, org: Org, reason: Reason, database_url: DatabaseUrl = None
    ) -> None:
        """Suspend a recognition: its credentials and the grants resting on it follow."""
        _transition(recognition, org, "suspend", reason, database_url)

    @group.command("reinstate")
    def reinstate_command(
        recognition: RecognitionId,
        org: Org,
        reason: Annotated[str | None, typer.Option(help="Why; kept with the record")] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Reinstate a suspended recognition."""
        _transition(recognition, org, "reinstate", reason, database_url)

    @group.command("revoke")
    def revoke_command(
        recognition: RecognitionId, org: Org, reason: Reason, database_url: DatabaseUrl = None
    ) -> None:
        """Revoke a recognition, for good: its credentials and the grants resting on it end."""
        _transition(recognition, org, "revoke", reason, database_url)

    @group.command("correct")
    def correct_command(
        recognition: RecognitionId,
        org: Org,
        reason: Reason,
        valid_from: Annotated[
            str | None, typer.Option("--from", help="The day it counts from")
        ] = None,
        valid_until: Annotated[str | None, typer.Option("--until", help="Its end")] = None,
        decision_ref: Annotated[str | None, typer.Option(help="Its decision's number")] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Correct a recognition in force; reissue its credentials (AMEND) to carry it."""
        from registry.services import recognitions

        command = recognitions.CorrectRecognition(
            recognition_id=recognition,
            reason=reason,
            recognised_on=_day(valid_from, "--from"),
            valid_until=_day(valid_until, "--until"),
            decision_ref=decision_ref,
        )
        _show(
            _as_office(
                org,
                database_url,
                lambda ctx, office: recognitions.correct_recognition(ctx, office, command),
            )
        )
