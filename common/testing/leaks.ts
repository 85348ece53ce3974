/**
 * Leak tracking for tests: anything that holds a socket, pool, server, thread or timer registers
 * itself when opened and unregisters when closed. The root hooks in tests/setup fail a test that
 * leaves open what it opened, and fail the run if a suite's shared resources (opened in `before`)
 * are still open when every suite has finished.
 */
const open = new Map<number, string>();
let nextId = 1;

/** Records an open resource; returns the function to call when it is closed. */
export function trackResource(description: string): () => void {
  const id = nextId++;
  open.set(id, description);
  return () => {
    open.delete(id);
  };
}

/** Ids of the resources open now (a snapshot to compare against later). */
export function openResourceIds(): Set<number> {
  return new Set(open.keys());
}

/** Descriptions of the resources open now that were not open in `before`. */
export function openedSince(before: Set<number>): string[] {
  return [...open].filter(([id]) => !before.has(id)).map(([, d]) => d);
}

export function forget(descriptionsOf: Set<number> | 'all'): void {
  for (const id of [...open.keys()]) if (descriptionsOf === 'all' || !descriptionsOf.has(id)) open.delete(id);
}

/** Descriptions of every resource open now. */
export function openResources(): string[] {
  return [...open.values()];
}
