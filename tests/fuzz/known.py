"""Differences between our router and Hive Gateway 2.15.1, each with its reason: where Hive is
wrong, and one deliberate difference of ours (`null-data-cancelled`). Every difference the
fuzzer finds is either fixed in the router or listed here; the rules are narrow (mostly they
look at what Hive answered) so that a new bug of ours still shows up as unexplained.
"""

from __future__ import annotations

import re
from typing import Any

from tests.fuzz.differential import Body, KnownDifference
from tests.fuzz.generator import Operation

UNDEFINED_VARIABLE = re.compile(r"Variable '\$\w+' is not defined")
CONFLICTING_FIELDS = re.compile(r"Fields '\w+' conflict because they return conflicting types")
# a fixture resolver failing on a field it needs that was not sent (KeyError, or None)
MISSING_KEY = re.compile(r"^'\w+'$|'NoneType' object is not subscriptable")


def _errors(body: Body) -> list[dict[str, Any]]:
    return [e for e in body.get("errors") or () if isinstance(e, dict)]


def _code(error: dict[str, Any]) -> Any:
    return (error.get("extensions") or {}).get("code")


def _hive_internal_error(_: Operation, ours: Body, theirs: Body) -> bool:
    hive_failed = any(
        _code(e) == "INTERNAL_SERVER_ERROR" or "non-object type" in str(e.get("message"))
        for e in _errors(theirs)
    )
    return hive_failed and not any(_code(e) == "INTERNAL_SERVER_ERROR" for e in _errors(ours))


def _hive_undefined_variable(_: Operation, __: Body, theirs: Body) -> bool:
    return any(UNDEFINED_VARIABLE.search(str(e.get("message"))) for e in _errors(theirs))


def _hive_entity_error_paths(_: Operation, ours: Body, theirs: Body) -> bool:
    if ours.get("data") != theirs.get("data"):
        return False
    hive = _errors(theirs)
    if not hive or any("serviceName" not in (e.get("extensions") or {}) for e in hive):
        return False  # only errors Hive says came from a subgraph
    mine = {str(e.get("message")) for e in _errors(ours)}
    return {str(e.get("message")) for e in hive} <= mine  # the same errors, other paths


def _hive_override_requires(operation: Operation, ours: Body, theirs: Body) -> bool:
    return "discount" in operation.query and not _errors(ours) and not _errors(theirs)


def _null_data_cancelled(_: Operation, ours: Body, theirs: Body) -> bool:
    if ours.get("data") is not None or theirs.get("data") is not None:
        return False
    mine, hive = _errors(ours), _errors(theirs)
    from_subgraphs = all("service" in (e.get("extensions") or {}) for e in mine) and all(
        "serviceName" in (e.get("extensions") or {}) for e in hive
    )
    return bool(mine) and bool(hive) and from_subgraphs


def _hive_says(pattern: re.Pattern[str]) -> Any:
    def matches(_: Operation, __: Body, theirs: Body) -> bool:
        return any(pattern.search(str(e.get("message"))) for e in _errors(theirs))

    return matches


def _hive_cannot_plan(_: Operation, __: Body, theirs: Body) -> bool:
    return any(_code(e) == "SATISFIABILITY_ERROR" for e in _errors(theirs))


def _hive_requires_with_arguments(operation: Operation, ours: Body, theirs: Body) -> bool:
    return "hpTax" in operation.query and not _errors(ours) and not _errors(theirs)


KNOWN_DIFFERENCES: tuple[KnownDifference, ...] = (
    KnownDifference(
        "null-data-cancelled",
        "Ours, on purpose: once a non-null root field fails, data is null whatever else "
        "happens, so the router answers at once and cancels the subgraph requests still "
        "outstanding; errors those would have given are not reported, and which failure is "
        "reported depends on which subgraph answers first. Hive waits and reports more.",
        _null_data_cancelled,
    ),
    KnownDifference(
        "hive-internal-error",
        "Hive Gateway throws 'Unexpected error.' (INTERNAL_SERVER_ERROR) or 'resolved to a "
        "non-object type' on valid plans the subgraphs answer correctly: @interfaceObject "
        "fields reached through a union or interface, and aliases of a field that needs an "
        "entity jump; it then nulls data the subgraphs did return.",
        _hive_internal_error,
    ),
    KnownDifference(
        "hive-undefined-variable",
        "Hive Gateway leaves out the definition of a variable used only by @skip/@include in "
        "a nested selection when it writes the subgraph operation; the subgraph refuses it.",
        _hive_undefined_variable,
    ),
    KnownDifference(
        "hive-entity-error-paths",
        "Hive Gateway puts errors of entity fetches at wrong paths: list indices dropped or "
        "pointing at the first item, another alias's response key, another field of the same "
        "object; and it reports one error where several positions failed. Same data, same "
        "subgraph errors; only where they point differs.",
        _hive_entity_error_paths,
    ),
    KnownDifference(
        "hive-requires-with-arguments",
        "Hive Gateway sends one set of @requires fields when two fields require the same field "
        "with different arguments (garage: hpTax needs power(unit: HP), kwTax power(unit: KW)) "
        "and computes hpTax from kilowatts.",
        _hive_requires_with_arguments,
    ),
    KnownDifference(
        "hive-override-requires",
        "Hive Gateway answers an @override field that @requires another field (library: "
        "discount needs basePrice) with the value of the first representation for every "
        "item (3, 3, 3 where basePrice // 10 gives 3, 1, 1).",
        _hive_override_requires,
    ),
    KnownDifference(
        "hive-conflicting-fields",
        "Hive Gateway sends sibling fragments whose same-named fields have different types "
        "without aliasing them apart; the subgraph refuses the operation as invalid.",
        _hive_says(CONFLICTING_FIELDS),
    ),
    KnownDifference(
        "hive-missing-requires",
        "Hive Gateway leaves @requires fields (or a key) out of the representations of some "
        "plans, e.g. requires under an interface or a list, so the subgraph cannot compute "
        "the field (the fixture resolver fails on the missing key).",
        _hive_says(MISSING_KEY),
    ),
    KnownDifference(
        "hive-cannot-plan",
        "Hive Gateway's planner answers SATISFIABILITY_ERROR for fields that composition "
        "accepts and our planner resolves (e.g. fields under a @requires chain).",
        _hive_cannot_plan,
    ),
)
