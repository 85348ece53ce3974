/**
 * Leak tracking for tests: anything that holds a socket, pool, server, thread or timer registers
 * itself when opened (in test builds) and unregisters when closed. The root `afterEach` hook in
 * tests/setup fails the test that leaked, naming what was left open.
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

export function openResources(): string[] {
  return [...open.values()];
}

export function forgetAllResources(): void {
  open.clear();
}
