"""EXPLAIN ANALYZE, on PostgreSQL, every statement that the hottest entity's profile, its
timeline, a search for its name and the home page send: each page is run once to warm the
caches, then again with its statements captured as sent, and each is explained with its own
parameters. Prints Markdown (the plans quoted in docs/scaling.md).

    python benchmarks/explain.py postgresql+psycopg://user@host/board
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
    args = parser.parse_args()
    store = Store.open(args.board)
    if store.is_sqlite:
        parser.error("EXPLAIN ANALYZE needs a PostgreSQL board")
    hot = store.list_entities(limit=1)[0]
    sent: list[tuple[str, object]] = []
    event.listen(store.engine, "before_cursor_execute", lambda _c, _cur, statement, params, _ctx, _many: sent.append((statement, params)))
    print(f"{store.counts()['documents']:,} documents; the hottest entity, {hot['id']}, is named in {hot['documents']:,}.")
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
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + statement, params)
                print("```\n" + " ".join(statement.split())[:300])
                print("\n".join(row[0] for row in cursor.fetchall()) + "\n```")
        finally:
            raw.close()
    store.close()


if __name__ == "__main__":
    main()
