"""The search document is a generated tsvector column (`simple` config) behind a GIN index."""

from __future__ import annotations

from sqlalchemy import text

from subgraphs.kit.database import Database


async def test_search_column_is_generated_and_indexed(content_local_db: Database) -> None:
    async with content_local_db.session() as session:
        generated = await session.execute(
            text(
                "SELECT attgenerated, pg_get_expr(adbin, adrelid) FROM pg_attribute "
                "JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum "
                "WHERE attrelid = 'posts'::regclass AND attname = 'search'"
            )
        )
        kind, expression = generated.one()
        assert kind in ("s", b"s")  # GENERATED ALWAYS AS (...) STORED ("char" comes as bytes)
        assert "'simple'::regconfig" in expression
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = await session.execute(
            text(
                "EXPLAIN SELECT id FROM posts "
                "WHERE search @@ to_tsquery('simple'::regconfig, 'привет:* & world:*')"
            )
        )
        assert "ix_posts_search" in "\n".join(row[0] for row in plan.all())
