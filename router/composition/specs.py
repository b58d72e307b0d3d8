"""The fixed parts of a supergraph: the link, join, tag and inaccessible spec definitions.

Printed as Apollo's composition prints them for join v0.5 (federation 2.8 and later).
"""

from __future__ import annotations

LINK_URL = "https://specs.apollo.dev/link/v1.0"
JOIN_URL = "https://specs.apollo.dev/join/v0.5"
TAG_URL = "https://specs.apollo.dev/tag/v0.3"
INACCESSIBLE_URL = "https://specs.apollo.dev/inaccessible/v0.2"

# name -> printed definition
JOIN_DIRECTIVES: dict[str, str] = {
    "join__directive": (
        "directive @join__directive(graphs: [join__Graph!], name: String!,"
        " args: join__DirectiveArguments)"
        " repeatable on SCHEMA | OBJECT | INTERFACE | FIELD_DEFINITION"
    ),
    "join__enumValue": "directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE",
    "join__field": (
        "directive @join__field(graph: join__Graph, requires: join__FieldSet,"
        " provides: join__FieldSet,"
        " type: String, external: Boolean, override: String, usedOverridden: Boolean,"
        " overrideLabel: String, contextArguments: [join__ContextArgument!])"
        " repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION"
    ),
    "join__graph": "directive @join__graph(name: String!, url: String!) on ENUM_VALUE",
    "join__implements": (
        "directive @join__implements(graph: join__Graph!, interface: String!)"
        " repeatable on OBJECT | INTERFACE"
    ),
    "join__type": (
        "directive @join__type(graph: join__Graph!, key: join__FieldSet,"
        " extension: Boolean! = false,"
        " resolvable: Boolean! = true, isInterfaceObject: Boolean! = false)"
        " repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR"
    ),
    "join__unionMember": (
        "directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION"
    ),
}

LINK_DIRECTIVE = (
    "directive @link(url: String, as: String, for: link__Purpose, import: [link__Import])"
    " repeatable on SCHEMA"
)

TAG_DIRECTIVE = (
    "directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION"
    " | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT"
    " | INPUT_FIELD_DEFINITION | SCHEMA"
)

INACCESSIBLE_DIRECTIVE = (
    "directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION"
    " | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION"
)

# type name -> printed definition (the join__Graph enum is printed from the subgraphs)
SPEC_TYPES: dict[str, str] = {
    "join__ContextArgument": (
        "input join__ContextArgument {\n"
        "  name: String!\n"
        "  type: String!\n"
        "  context: String!\n"
        "  selection: join__FieldValue!\n"
        "}"
    ),
    "join__DirectiveArguments": "scalar join__DirectiveArguments",
    "join__FieldSet": "scalar join__FieldSet",
    "join__FieldValue": "scalar join__FieldValue",
    "link__Import": "scalar link__Import",
    "link__Purpose": (
        "enum link__Purpose {\n"
        '  """\n'
        "  `SECURITY` features provide metadata necessary to securely resolve fields.\n"
        '  """\n'
        "  SECURITY\n"
        "\n"
        '  """\n'
        "  `EXECUTION` features provide metadata necessary for operation execution.\n"
        '  """\n'
        "  EXECUTION\n"
        "}"
    ),
}
