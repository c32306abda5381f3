// Starts the peer harness's serve.py (python's http.server, as the harness serves every site)
// on a free port for `dir`: { srv, base }. Shared by run_fahras_browser.mjs (copied beside it
// into the harness copy by scripts/bench-peers) and bench/throttled.mjs.
import { spawn } from 'node:child_process';

export async function serve(script, dir) {
  const srv = spawn('python3', ['-u', script, dir, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    const to = setTimeout(() => reject(new Error(`${script} did not start`)), 15000);
    srv.stdout.on('data', (d) => { buf += d; const m = buf.match(/port (\d+)/); if (m) { clearTimeout(to); resolve(+m[1]); } });
    srv.on('exit', (c) => reject(new Error(`${script} exited ${c}`)));
  });
  srv.stderr.on('data', () => {});
  return { srv, base: `http://127.0.0.1:${port}` };
}
