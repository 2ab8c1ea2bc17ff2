// The Node peer: a WebSocket pair relay on the `ws` package (what many chat servers stand on),
// with no product logic. Sockets connecting to /pair/ID/a and /pair/ID/b are paired; both get
// {"type":"paired"}; then every frame from one side is forwarded as it is to the other.
//
//   node ws_relay.mjs PORT
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const waiting = new Map();
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, backlog: 4096 });

wss.on('connection', (ws, req) => {
  const key = req.url.slice(0, req.url.lastIndexOf('/'));
  const other = waiting.get(key);
  if (other) {
    waiting.delete(key);
    ws.partner = other;
    other.partner = ws;
    ws.send('{"type":"paired"}');
    other.send('{"type":"paired"}');
  } else {
    waiting.set(key, ws);
  }
  ws.on('message', (data, isBinary) => {
    if (ws.partner) ws.partner.send(data, { binary: isBinary });
  });
  ws.on('error', () => {});
});

wss.on('listening', () => console.log(`ws_relay listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
