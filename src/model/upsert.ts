// sendMessage's streaming contract (src/providers/types.ts): a delivery whose id is already there
// replaces the earlier one in place (a growing answer, a tool call completed with its result),
// any other joins at the end. The chat's turns on the host and in the page, and an inspector
// following a live session, all keep their events so.

/**
 * Puts `e` into `list` by id, in first-arrival order. Searches from the end: a stream re-delivers
 * the event it is growing, which is nearly always the last one, so a long reply stays linear.
 */
export function upsertEvent<T extends { id: string }>(list: T[], e: T): void {
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i]!.id === e.id) {
      list[i] = e;
      return;
    }
  }
  list.push(e);
}
