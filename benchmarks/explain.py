"""EXPLAIN (ANALYZE, BUFFERS), on PostgreSQL, every statement that a hot entity's profile, its
timeline, a search for its name and the home page send: each page is run once to warm the
caches, then again with its statements captured as sent, and each is explained with its own
parameters. The buffers (pages) each statement touches are what grows with a board whose
pages do not all fit in memory. Prints Markdown (the plans quoted in docs/scaling.md).

    python benchmarks/explain.py postgresql+psycopg://user@host/board [--rank 8]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial

from run import page_queries  # benchmarks/run.py
from sqlalchemy import event

from caseboard.store import Store


def pages(store: Store, hot: dict) -> dict[str, Callable[[], object]]:
    """What each page asks the store for, as benchmarks/run.py section 4 times it, and the
    home page's figures, most connected entities and latest documents."""
    about = {name: partial(run, hot) for name, run in page_queries(store).items()}
    return {**about, "home page": lambda: (store.counts(), store.most_connected(15), store.list_documents(50))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("board", help="a PostgreSQL case board (SQLAlchemy URL)")
    parser.add_argument(
        "--rank", type=int, default=1,
        help="the entity: the most named (1), or the one at this rank (on make bench's boards, 8 is the first with facts and events)",
    )
    args = parser.parse_args()
    store = Store.open(args.board)
    if store.is_sqlite:
        parser.error("EXPLAIN ANALYZE needs a PostgreSQL board")
    hot = store.list_entities(limit=args.rank)[-1]
    sent: list[tuple[str, object]] = []
    event.listen(store.engine, "before_cursor_execute", lambda _c, _cur, statement, params, _ctx, _many: sent.append((statement, params)))
    print(f"{store.counts()['documents']:,} documents; {hot['id']}, at rank {args.rank} by documents naming it, is named in {hot['documents']:,}.")
    for name, run in pages(store, hot).items():
        run()
        sent.clear()
        run()
        captured = list(sent)
        print(f"\n### {name}: {len(captured)} statements\n")
        raw = store.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement, params in captured:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, params)
                print("```\n" + " ".join(statement.split())[:300])
                print("\n".join(row[0] for row in cursor.fetchall()) + "\n```")
        finally:
            raw.close()
    store.close()


if __name__ == "__main__":
    main()
