"""Benchmark: evaluate synthetic creators against every seeded programme.

    python bench/eligibility.py [--sizes 10000,50000,100000] [--seed N] [--as-of YYYY-MM-DD]

Creators are generated deterministically from the seed (a mix of origins, hukou cities,
awards of every level and state, platform percentiles, certificates and gaps in the facts, so
every outcome occurs), then each size is timed on a prefix of the same population with
``evaluate_all`` (every programme, with 从高从优不重复). Generation is not timed. The time per
creator should stay flat as the size grows: the engine is linear in the number of creators.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections import Counter
from datetime import date, timedelta
from typing import TypeVar

from registry.eligibility import (
    AwardFact,
    CreatorFacts,
    PlatformAccountFact,
    RecognitionFact,
    SkillCertificateFact,
    evaluate_all,
    load_programmes,
)

LEVELS = ("INTERNATIONAL", "NATIONAL", "PROVINCIAL_MUNICIPAL", "DISTRICT", "INDUSTRY")
KINDS = ("AWARD", "AWARD", "AWARD", "COMPETITION", "COMMENDATION", "TALENT_PROJECT")
STATES = ("VERIFIED", "VERIFIED", "VERIFIED", "CLAIMED", "UNDER_VERIFICATION", "REJECTED")
CODES = ("CN_POSITIVE_ENERGY", "SH_SILVER_DOVE", "SH_JOURNALISM", "HZ_PREMIUM_LIBRARY", "OTHER")
GRADES = ("SPECIAL", "FIRST", "SECOND", "THIRD", "SELECTED")
PLATFORMS = ("BILIBILI", "XIAOHONGSHU", "DOUYIN", "WECHAT_CHANNELS", "WEIBO", "KUAISHOU")
DIRECTIONS = (
    "CREATIVE_PLANNING",
    "AUDIOVISUAL_OPS",
    "LIVESTREAM_OPS",
    "TRAFFIC_OPS",
    "DATA_ANALYSIS",
)
CITIES = ("310000", "440100", "110000", "330100", "510100")
T = TypeVar("T")


def maybe(rng: random.Random, value: T, known: float = 0.92) -> T | None:
    """The value, or None (unknown) with probability 1 - known."""
    return value if rng.random() < known else None


def synthetic_creator(rng: random.Random, index: int, as_of: date) -> CreatorFacts:
    def day_within(days: int) -> date:
        return as_of - timedelta(days=rng.randrange(days))

    awards = tuple(
        AwardFact(
            code=rng.choice(CODES),
            level=rng.choice(LEVELS),
            year=(when := day_within(3650)).year,
            grade=rng.choice(GRADES),
            awarded_on=when,
            state=rng.choice(STATES),
            kind=rng.choice(KINDS),
            record_id=f"aw-{index}-{n}",
        )
        for n in range(rng.choice((0, 0, 1, 1, 2, 3)))
    )
    accounts = tuple(
        PlatformAccountFact(
            platform=rng.choice(PLATFORMS),
            percentile=maybe(rng, round(rng.expovariate(1 / 12), 2)),
            measured_on=day_within(500),
            record_id=f"pa-{index}-{n}",
        )
        for n in range(rng.choice((0, 1, 1, 2, 3)))
    )
    certificates = tuple(
        SkillCertificateFact(
            occupation="4-13-01-05",
            level=rng.choice(("L4", "L3", "L2", "L1")),
            direction=rng.choice(DIRECTIONS),
            issued_on=day_within(2000),
            record_id=f"sc-{index}-{n}",
        )
        for n in range(rng.choice((0, 0, 0, 1)))
    )
    recognitions = tuple(
        RecognitionFact(region, rng.choice(("RECOGNISED", "RECOGNISED", "PENDING", "REVOKED")))
        for region in ("310110", "440105")
        if rng.random() < 0.4
    )
    return CreatorFacts(
        creator_id=f"cr-{index}",
        origin=maybe(rng, rng.choice(("DOMESTIC",) * 8 + ("HMT", "FOREIGN"))),
        birth_date=maybe(rng, date(rng.randrange(1960, 2011), rng.randrange(1, 13), 15)),
        years_to_retirement=maybe(rng, rng.uniform(0, 40)),
        hukou_city=maybe(rng, rng.choice(CITIES)),
        lawful_residence_city=maybe(rng, rng.choice(CITIES)),
        employer_city=maybe(rng, rng.choice(CITIES)),
        employer_on_key_list=maybe(rng, rng.random() < 0.2),
        annual_salary=maybe(rng, int(rng.lognormvariate(12.5, 0.9))),
        years_of_experience=maybe(rng, round(rng.uniform(0, 15), 1)),
        assessment_direction=maybe(rng, rng.choice(DIRECTIONS)),
        months_in_district_per_year={"440105": rng.randrange(13)} if rng.random() < 0.5 else {},
        social_insurance_months={"310000": rng.randrange(60)} if rng.random() < 0.6 else {},
        subsidies_received={"TAX_DIFFERENTIAL": rng.random() < 0.1, "KEY_INDUSTRY_REWARD": False},
        first_home_in={"310110": rng.random() < 0.5} if rng.random() < 0.5 else {},
        awards=maybe(rng, awards),
        platform_accounts=maybe(rng, accounts),
        skill_certificates=maybe(rng, certificates),
        recognitions=maybe(rng, recognitions),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--seed", type=int, default=20250715)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 3, 1))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    as_of: date = args.as_of

    programmes = load_programmes()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    gc.disable()
    population = [synthetic_creator(rng, i, as_of) for i in range(max(sizes))]
    # The population is the benchmark's fixture, held in memory only so every size reuses it
    # (a batch job would stream creators). Freezing keeps the cyclic collector from rescanning
    # millions of fixture objects, which would make the timings grow with the fixture's size.
    gc.enable()
    gc.freeze()
    generated = time.perf_counter() - started
    print(
        f"{len(programmes)} programmes: {', '.join(p.code for p in programmes)}\n"
        f"{len(population):,} synthetic creators generated in {generated:.1f} s "
        f"(seed {args.seed}, as of {as_of}); generation is not timed below\n"
    )
    print(
        f"{'creators':>9} {'wall s':>8} {'cpu s':>8} {'µs/creator':>11} {'cpu µs/creator':>15}"
        f" {'µs/evaluation':>14}"
    )
    grand_total = 0.0
    outcomes: Counter[str] = Counter()
    for size in sizes:
        creators = population[:size]
        outcomes.clear()
        suppressed = 0
        started, cpu_started = time.perf_counter(), time.process_time()
        for facts in creators:
            report = evaluate_all(facts, programmes, as_of=as_of)
            suppressed += len(report.suppressed)
            for evaluation in report.evaluations:
                outcomes[evaluation.outcome] += 1
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        grand_total += elapsed
        per_creator = elapsed / size * 1e6
        per_evaluation = per_creator / len(programmes)
        print(
            f"{size:>9,} {elapsed:>8.2f} {cpu:>8.2f} {per_creator:>11.1f}"
            f" {cpu / size * 1e6:>15.1f} {per_evaluation:>14.1f}"
        )
    shares = ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items()))
    print(
        f"\ntotal {grand_total:.2f} s for {sum(sizes):,} creators in one run\n"
        f"evaluations at {sizes[-1]:,}: {shares}; "
        f"entitlements suppressed by 从高从优不重复: {suppressed:,}"
    )
    # The nested, bilingual tree is built on demand from the recorded statuses; time that
    # too, for the share of creators an official would actually open.
    sample = population[: min(sizes)]
    started = time.perf_counter()
    nodes = 0
    for facts in sample:
        for evaluation in evaluate_all(facts, programmes, as_of=as_of).evaluations:
            nodes += len(evaluation.tree().walk())
    elapsed = time.perf_counter() - started
    print(
        f"with every explanation tree built as well ({len(sample):,} creators, "
        f"{nodes / len(sample):.0f} nodes each): {elapsed / len(sample) * 1e6:.1f} µs/creator"
    )


if __name__ == "__main__":
    main()
