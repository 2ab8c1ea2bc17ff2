// A list the server keeps for staff (the queue, the browsing visitors): a bounded snapshot on
// joining, then one small delta per change, so a staff socket's traffic does not grow with the
// number of strangers. `total` is the server's count, which may exceed what was sent.
export class LiveList {
  constructor(key) { this.key = key; this.map = new Map(); this.total = 0; }
  snapshot(items, total) {
    this.map = new Map(items.map(i => [i[this.key], i]));
    this.total = total ?? items.length;
  }
  upsert(item, total) { this.map.set(item[this.key], item); this.total = total ?? this.map.size; }
  remove(id, total) { this.map.delete(id); this.total = total ?? this.map.size; }
  // In order of arrival (`since`), at most `limit`.
  items(limit = 100) {
    return [...this.map.values()].sort((a, b) => Date.parse(a.since) - Date.parse(b.since)).slice(0, limit);
  }
  get hidden() { return Math.max(0, this.total - Math.min(this.map.size, 100)); }
}
