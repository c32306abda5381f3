// The network between the browsers and the server: a TCP relay in front of `index-builder serve`
// that the test can cut (offline) or slow down for one file (a held request).
//
// Why not the browsers' own network emulation: a page's offline mode does not reach its service
// worker (Puppeteer applies Chromium's per page; Firefox's WebDriver BiDi per browsing context),
// and Firefox's BiDi neither sees nor intercepts a service worker's requests (its script, its
// fetches). A cut link fails every request of every process of either browser, as a real network
// outage does.
//
// `index-builder serve` answers one request per connection (Connection: close), so the first
// bytes a connection carries hold its one request line: that is what a hold matches.

import net from 'node:net';

/**
 * Starts a relay on a free port of 127.0.0.1 to `upstream` (a port of 127.0.0.1). Returns
 *   base             the relay's base URL (what the browsers are given)
 *   setOffline(on)   cuts the link: open connections are reset and new ones reset at once
 *   hold(test, fn)   calls fn({ url, continue(), abort() }) for each request whose absolute URL
 *                    passes test(url), and forwards it only once fn calls continue(); returns a
 *                    function that removes the hold
 *   reset()          back to normal: online, no holds
 *   close()
 */
export async function startLink(upstream) {
  const live = new Set();
  let holds = [];
  let offline = false;

  const server = net.createServer((client) => {
    live.add(client);
    client.on('close', () => live.delete(client));
    client.on('error', () => {});
    if (offline) {
      client.resetAndDestroy();
      return;
    }
    let head = Buffer.alloc(0);
    let decided = false;
    const forward = () => {
      if (client.destroyed) return;
      const up = net.connect(upstream, '127.0.0.1');
      live.add(up);
      up.on('close', () => live.delete(up));
      up.on('error', () => client.destroy());
      client.on('close', () => up.destroy());
      up.write(head);
      client.pipe(up);
      up.pipe(client);
    };
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const text = head.toString('latin1');
      if (decided || !text.includes('\r\n\r\n')) return;
      decided = true;
      client.off('data', onData);
      client.pause();
      const path = /^[A-Z]+ (\S+) HTTP\//.exec(text)?.[1] || '/';
      const host = /\r\nhost: *([^\r]+)/i.exec(text)?.[1] || `127.0.0.1:${port}`;
      const url = `http://${host}${path}`;
      const hold = holds.find((h) => h.test(url));
      if (!hold) {
        forward();
        return;
      }
      hold.fn({
        url,
        continue: async () => (offline ? client.resetAndDestroy() : forward()),
        abort: async () => client.resetAndDestroy(),
      });
    };
    client.on('data', onData);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    base: `http://127.0.0.1:${port}/`,
    setOffline(on) {
      offline = on;
      if (on) for (const s of live) s.resetAndDestroy();
    },
    hold(test, fn) {
      const h = { test, fn };
      holds.push(h);
      return () => (holds = holds.filter((x) => x !== h));
    },
    reset() {
      offline = false;
      holds = [];
    },
    close() {
      for (const s of live) s.destroy();
      server.close();
    },
  };
}
