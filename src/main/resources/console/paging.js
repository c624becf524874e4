// How the next page of a list is asked for: the one place that knows cursor paging (SPEC §25, a `next_cursor`
// in the answer) from offset paging (SPEC §5, `offset` + `has_more`).

/** The query of the page after `page`, which answered `query`; null when there is none. */
export function nextPageQuery(query, page) {
  if (!page.has_more) return null;
  if (page.next_cursor) {
    const { offset, ...rest } = query;
    return { ...rest, cursor: page.next_cursor };
  }
  return { ...query, offset: (Number(query.offset) || 0) + page.data.length };
}

/** Walks a list forwards and back: it remembers the queries of the pages already seen. */
export class Pager {
  constructor(firstQuery) {
    this.queries = [firstQuery];
  }

  get query() {
    return this.queries[this.queries.length - 1];
  }

  get pageNumber() {
    return this.queries.length;
  }

  get hasPrevious() {
    return this.queries.length > 1;
  }

  forward(page) {
    const next = nextPageQuery(this.query, page);
    if (next) this.queries.push(next);
    return next !== null;
  }

  back() {
    if (this.hasPrevious) this.queries.pop();
  }
}
