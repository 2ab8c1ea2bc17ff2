// The durable Node peer: what a straightforward Node server doing Lingting's durable work per
// message would cost. Same pairing as ws_relay.mjs (/pair/ID/a and /pair/ID/b, both get
// {"type":"paired"}), but every `say` is parsed, given the conversation's next seq, written to a
// WAL SQLite file with synchronous=FULL in one transaction per event-loop turn (group commit), and
// only after that commit acked to its sender and relayed to the other side as a `message` frame
// shaped like Lingting's. No analyzer, no routing: the durable relay alone.
//
//   node ws_durable.mjs PORT DATABASE_FILE
import { WebSocketServer } from 'ws';
import Database from 'better-sqlite3';

const port = Number(process.argv[2]);
const db = new Database(process.argv[3]);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS messages (
  conversation TEXT NOT NULL, seq INTEGER NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL,
  at INTEGER NOT NULL, client_id TEXT NOT NULL DEFAULT '', PRIMARY KEY (conversation, seq)) WITHOUT ROWID`);
const insert = db.prepare('INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?)');

// Everything said during one turn of the event loop, committed together at its end.
let pending = [];
const commitAll = db.transaction((batch) => {
  for (const m of batch) insert.run(m.conversation, m.seq, m.sender, m.text, m.at, m.id);
});
function flush() {
  const batch = pending;
  pending = [];
  try {
    commitAll(batch);
  } catch (e) {
    for (const m of batch) m.ws.send(JSON.stringify({ type: 'error', code: 'unavailable', id: m.id }));
    return;
  }
  for (const m of batch) {
    const at = new Date(m.at).toISOString();
    m.ws.send(JSON.stringify({ type: 'ack', id: m.id, seq: m.seq, at }));
    m.ws.partner?.send(JSON.stringify({
      type: 'message', conversation: m.conversation, seq: m.seq, from: m.sender, text: m.text, at, id: m.id,
    }));
  }
}

const waiting = new Map();
let conversations = 0;
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, backlog: 4096 });

wss.on('connection', (ws, req) => {
  const key = req.url.slice(0, req.url.lastIndexOf('/'));
  ws.sender = req.url.endsWith('/b') ? 'consultant' : 'visitor';
  const other = waiting.get(key);
  if (other) {
    waiting.delete(key);
    const conv = { id: `c${++conversations}-0123456789abcdef`, seq: 0 };
    ws.conv = other.conv = conv;
    ws.partner = other;
    other.partner = ws;
    ws.send('{"type":"paired"}');
    other.send('{"type":"paired"}');
  } else {
    waiting.set(key, ws);
  }
  ws.on('message', (data) => {
    let f;
    try {
      f = JSON.parse(data.toString('utf8'));
    } catch {
      ws.send('{"type":"error","code":"bad_json"}');
      return;
    }
    if (f.type !== 'say' || typeof f.text !== 'string' || !ws.conv) {
      ws.send('{"type":"error","code":"bad_frame"}');
      return;
    }
    if (pending.length === 0) setImmediate(flush);
    pending.push({ ws, conversation: ws.conv.id, seq: ++ws.conv.seq, sender: ws.sender, text: f.text,
      at: Date.now(), id: typeof f.id === 'string' ? f.id : '' });
  });
  ws.on('error', () => {});
});

wss.on('listening', () => console.log(`ws_durable listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
