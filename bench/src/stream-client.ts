// Sends a token stream to a service over keep-alive connections, one request per token, a fixed number
// in flight. Stops at the end of the stream or at a deadline, whichever comes first.
import { Agent, request } from 'node:http';

export interface StreamTarget {
  next(): Promise<string | undefined>;
}

export interface StreamProgress {
  sent: number;
  failed: number;
}

export async function sendStream(
  url: string,
  stream: StreamTarget,
  concurrency: number,
  deadlineMs: number,
  progress: StreamProgress,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const loop = async () => {
    while (Date.now() < deadlineMs) {
      const token = await stream.next();
      if (token === undefined) return;
      const ok = await send(agent, target, token);
      progress.sent++;
      if (!ok) progress.failed++;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, loop));
  } finally {
    agent.destroy();
  }
}

function send(agent: Agent, target: URL, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: '/',
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
        res.on('error', () => resolve(false));
      },
    );
    req.on('error', () => resolve(false));
    req.end();
  });
}
