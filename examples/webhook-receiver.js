#!/usr/bin/env node
// A sample operations-centre receiver: verifies each Atalaya webhook's Standard Webhooks signature, prints
// what it receives (once per notification id), the first lines of the first CAP document, and answers 204.
// Usage: ATALAYA_WEBHOOK_SECRET=whsec_... node examples/webhook-receiver.js [port]   (default 3210)
'use strict';
const http = require('node:http');
const { Webhook } = require('standardwebhooks');

const secret = process.env.ATALAYA_WEBHOOK_SECRET;
if (!secret) {
  console.error('receiver: set ATALAYA_WEBHOOK_SECRET to the secret the dispatcher signs with (whsec_...)');
  process.exit(2);
}
const webhook = new Webhook(secret);
const port = Number(process.argv[2] ?? 3210);
const seen = new Set();

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    let notification;
    try {
      notification = webhook.verify(body, req.headers);
    } catch (e) {
      console.log(`receiver: refused a request whose signature does not verify (${e.message})`);
      res.writeHead(401).end();
      return;
    }
    const id = req.headers['webhook-id'];
    if (!seen.has(id)) {
      seen.add(id);
      for (const alert of notification.alerts) {
        const e = alert.event;
        console.log(
          `receiver: ${id} for ${notification.recipientId}: ${e.type} ${e.level ?? ''} ${e.trigger.title} ` +
            `(${e.evidence.value} at ${e.seriesKey}, signature verified)`,
        );
        for (const action of alert.actions)
          console.log(`receiver:   action ${action.id}: ${action.description} by ${action.deadline}`);
        if (seen.size === 1) {
          console.log('receiver:   its CAP 1.2 document begins:');
          for (const line of alert.cap.split('\n').slice(0, 16)) console.log(`receiver:     ${line}`);
        }
      }
    }
    res.writeHead(204).end();
  });
});

server.listen(port, '127.0.0.1', () => console.log(`receiver: listening on http://127.0.0.1:${port}/`));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
