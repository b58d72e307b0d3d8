"""An @interfaceObject that @requires an interface field, @provides with type conditions and
nested entities, and a @shareable field of an entity owned elsewhere."""

from __future__ import annotations

from tests.federation.conftest import Gateway, RunningSet


async def test_interface_object_field_requiring_an_interface_field(events_router: Gateway) -> None:
    # tickets computes ticketCode from name, which only venues resolves
    body = await events_router.execute("{ events { id ticketCode sold } }")
    assert body == {
        "data": {
            "events": [
                {"id": "c1", "ticketCode": "NIG-c1", "sold": 850},
                {"id": "t1", "ticketCode": "DAT-t1", "sold": 95},
                {"id": "c2", "ticketCode": "ROC-c2", "sold": 400},
            ]
        }
    }


async def test_requires_through_a_reference_only_interface_object(events_router: Gateway) -> None:
    # calendar knows the event by id only (@interfaceObject, not resolvable): name comes from
    # venues before tickets gets it (found by differential fuzzing)
    body = await events_router.execute("{ nextUp { ticketCode } }")
    assert body == {"data": {"nextUp": {"ticketCode": "DAT-t1"}}}


async def test_an_interface_object_computes_every_field_for_every_type(
    events_router: Gateway,
) -> None:
    # tickets sees Concert and Talk as Event: a field asked for Concerts only is computed for
    # the Talk too, so the Talk's representation needs what it @requires (name) as well
    body = await events_router.execute(
        "{ nextUp { ticketCode ... on Concert { a2: ticketCode } ... on Talk { sold } } }"
    )
    assert body == {"data": {"nextUp": {"ticketCode": "DAT-t1", "sold": 95}}}


async def test_fields_asked_for_one_type_of_an_interface_object_stay_with_that_type(
    events_router: Gateway,
) -> None:
    # ticketCode (needs name) for Concerts, sold for Talks: nextUp is a Talk whose name was
    # never asked for, and it must still get sold
    body = await events_router.execute(
        "{ nextUp { id ... on Concert { name ticketCode } ... on Talk { sold } } }"
    )
    assert body == {"data": {"nextUp": {"id": "t1", "sold": 95}}}


async def test_more_below_a_field_on_a_concrete_type_than_on_the_interface(
    events_router: Gateway,
) -> None:
    body = await events_router.execute(
        "{ bestSellers { venue { id } ... on Concert { venue { city } } } }"
    )
    venue = {"id": "v1", "city": "Lisbon"}
    assert body == {"data": {"bestSellers": [{"venue": venue}, {"venue": venue}]}}


async def test_interface_object_root_field_with_requires_and_concrete_types(
    events_router: Gateway,
) -> None:
    body = await events_router.execute(
        "{ bestSellers { __typename name ticketCode ... on Concert { band } } }"
    )
    assert body == {
        "data": {
            "bestSellers": [
                {
                    "__typename": "Concert",
                    "name": "Night Jazz",
                    "ticketCode": "NIG-c1",
                    "band": "The Trio",
                },
                {
                    "__typename": "Concert",
                    "name": "Rock Hour",
                    "ticketCode": "ROC-c2",
                    "band": "Volts",
                },
            ]
        }
    }


async def test_provides_with_type_conditions_saves_the_jumps(
    events_router: Gateway, events: RunningSet
) -> None:
    body = await events_router.execute(
        "{ picks { note event { __typename ... on Concert { venue { city } } "
        "... on Talk { name } } } }"
    )
    assert body == {
        "data": {
            "picks": [
                {
                    "note": "Bring earplugs",
                    "event": {"__typename": "Concert", "venue": {"city": "Lisbon"}},
                },
                {
                    "note": "Arrive early",
                    "event": {"__typename": "Talk", "name": "Data Abstraction"},
                },
            ]
        }
    }
    assert events.called() == ["guide"]


async def test_fields_beyond_what_is_provided_are_fetched(events_router: Gateway) -> None:
    body = await events_router.execute(
        "{ picks { event { ... on Concert { band venue { city capacity } } "
        "... on Talk { name venue { city } } } } }"
    )
    assert body == {
        "data": {
            "picks": [
                {"event": {"band": "Volts", "venue": {"city": "Lisbon", "capacity": 900}}},
                {"event": {"name": "Data Abstraction", "venue": {"city": "Oslo"}}},
            ]
        }
    }


async def test_shareable_field_next_to_one_only_another_subgraph_has(
    events_router: Gateway,
) -> None:
    body = await events_router.execute("{ events { name ... on Talk { speaker { name bio } } } }")
    assert body == {
        "data": {
            "events": [
                {"name": "Night Jazz"},
                {
                    "name": "Data Abstraction",
                    "speaker": {"name": "Barbara Liskov", "bio": "Abstraction and CLU."},
                },
                {"name": "Rock Hour"},
            ]
        }
    }


async def test_non_resolvable_interface_object_from_a_root_field(events_router: Gateway) -> None:
    # calendar knows only the id: type and name come from venues, sold from tickets
    body = await events_router.execute(
        "{ nextUp { __typename id name sold ... on Talk { speaker { name } } } }"
    )
    assert body == {
        "data": {
            "nextUp": {
                "__typename": "Talk",
                "id": "t1",
                "name": "Data Abstraction",
                "sold": 95,
                "speaker": {"name": "Barbara Liskov"},
            }
        }
    }
