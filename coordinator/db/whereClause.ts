/**
 * Builds a WHERE clause from optional filters with every value as a $n parameter: `add` takes a
 * clause with one `$?` placeholder and its value; `raw` a clause without a value.
 */
export class WhereClause {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  add(clause: string, value: unknown): void {
    this.params.push(value);
    this.clauses.push(clause.replace('$?', `$${this.params.length}`));
  }

  raw(clause: string): void {
    this.clauses.push(clause);
  }

  /** `WHERE a AND b`, or '' when no filter was added. */
  sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }

  /** Appends one more parameter (LIMIT, say) and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}
