"""Error masking: client-meant errors pass through; anything unexpected is masked and logged."""

from __future__ import annotations

import logging

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from subgraphs.kit.errors import PUBLIC_CODES

logger = logging.getLogger("agora.errors")
INTERNAL_CODE = "INTERNAL_SERVER_ERROR"


def is_public(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return True  # syntax, validation and coercion errors are about the request itself
    extensions = getattr(original, "extensions", None)
    return isinstance(extensions, dict) and extensions.get("code") in PUBLIC_CODES


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(
            should_mask_error=lambda error: not is_public(error),
            error_message="Internal server error.",
        )

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        # Logged with the request id (see logs.JsonFormatter) so the client's error can be traced.
        logger.error(
            "unexpected error in resolver",
            exc_info=error.original_error,
            extra={"path": error.path},
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL_CODE}
        return masked
