// A Node.js `ws` broadcast server, the second reference of quizroom-bench's
// broadcast mode: every text frame any client sends goes to every client.
// Usage: node server.js [--port N] [--bind ADDR]   (GET /healthz answers 200)
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};

const server = http.createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(req.url === '/healthz' ? '{"status":"ok"}' : '{}');
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) client.send(data, { binary: isBinary });
  });
});
server.listen(Number(arg('--port', 0)), arg('--bind', '127.0.0.1'), () => {
  console.log(`ws-reference listening on ${server.address().address}:${server.address().port}`);
});
