import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, startLocalApi } from '../../local/local-api.js';
import { LocalAuth } from '../../local/local-auth.js';

/**
 * What the local server answers before any handler runs, as API Gateway's HTTP API would: the
 * gateway's own errors, and requests a client cannot build with fetch (raw bytes on a socket).
 */
let server: Server;
let port = 0;

beforeAll(async () => {
  server = await startLocalApi({ port: 0, auth: new LocalAuth() });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One HTTP/1.1 connection: requests written as raw bytes, responses read one after another. */
class RawConnection {
  private buffer = Buffer.alloc(0);
  private closed = false;
  private readonly socket: Socket;
  private wake: () => void = () => undefined;

  constructor() {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    this.socket.on('error', () => undefined);
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(data, (error) => (error ? reject(error) : resolve())),
    );
  }

  async send(head: string, body: string | Buffer = ''): Promise<RawResponse> {
    await this.write(head);
    if (body.length > 0) await this.write(body);
    return this.read();
  }

  /** The next response on the connection; rejects when the server closed it first. */
  async read(): Promise<RawResponse> {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine = '', ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(
          lines.map((line) => {
            const colon = line.indexOf(':');
            return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
          }),
        );
        const length = Number(headers['content-length'] ?? 0);
        if (this.buffer.length >= end + 4 + length) {
          const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
          this.buffer = this.buffer.subarray(end + 4 + length);
          return { status: Number(statusLine.split(' ')[1]), headers, body };
        }
      }
      if (this.closed) throw new Error('the server closed the connection');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

const get = (path: string, host = `127.0.0.1:${port}`) =>
  `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`;

async function once(head: string): Promise<RawResponse> {
  const connection = new RawConnection();
  try {
    return await connection.send(head);
  } finally {
    connection.close();
  }
}

describe('the local API answers malformed requests with a 4xx, as the gateway does', () => {
  it('invalid percent-encoding in a path is 400 problem+json naming the path', async () => {
    for (const path of ['/nodes/%E0%A4%A', '/nodes/%zz', '/requests/%/acknowledge', '/intake/%C3']) {
      const response = await once(get(path));
      expect(response.status, path).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(response.body)).toMatchObject({ status: 400, errors: [{ field: 'path' }] });
    }
  });

  it('a malformed Host header is 400 problem+json naming the header', async () => {
    for (const host of ['exa mple', '[::1', 'a/b', 'host:99999999', 'h:p']) {
      const response = await once(get('/nodes/x', host));
      expect(response.status, host).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(response.body)).toMatchObject({ status: 400, errors: [{ field: 'host' }] });
    }
    for (const host of ['localhost', 'local_stack:3000', '[::1]:3000', 'api.example.cn']) {
      expect((await once(get('/nodes/x', host))).status, host).toBe(401);
    }
  });

  it("answers the gateway's own errors in the gateway's shape, not problem+json", async () => {
    const unknown = await once(get('/no-such-route'));
    expect([unknown.status, JSON.parse(unknown.body)]).toEqual([404, { message: 'Not Found' }]);
    const unauthenticated = await once(get('/nodes/x'));
    expect([unauthenticated.status, JSON.parse(unauthenticated.body)]).toEqual([
      401,
      { message: 'Unauthorized' },
    ]);
    expect(unauthenticated.headers['www-authenticate']).toBeUndefined();
  });

  it("a request line and headers over the limit are 431 in the gateway's shape, not a bare status", async () => {
    const response = await once(
      `GET /requests HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${'x'.repeat(20_000)}\r\n\r\n`,
    );
    expect([response.status, JSON.parse(response.body)]).toEqual([
      431,
      { message: 'Request Header Fields Too Large' },
    ]);
  });
});

describe('a body over the payload limit', () => {
  it('is 413, and the next request on the same keep-alive connection is answered', async () => {
    const connection = new RawConnection();
    try {
      const body = Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 'a');
      const tooLarge = await connection.send(
        `POST /requests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
      );
      expect([tooLarge.status, JSON.parse(tooLarge.body)]).toEqual([
        413,
        { message: 'Request Entity Too Large' },
      ]);
      const next = await connection.send(get('/nodes/x'));
      expect(next.status).toBe(401);
    } finally {
      connection.close();
    }
  });

  it('is 413 for a chunked body as well, and the connection stays usable', async () => {
    const connection = new RawConnection();
    try {
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      await connection.write(
        'POST /requests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      for (let sent = 0; sent <= MAX_PAYLOAD_BYTES; sent += chunk.length) {
        await connection.write(`${chunk.length.toString(16)}\r\n`);
        await connection.write(chunk);
        await connection.write('\r\n');
      }
      await connection.write('0\r\n\r\n');
      expect((await connection.read()).status).toBe(413);
      expect((await connection.send(get('/nodes/x'))).status).toBe(401);
    } finally {
      connection.close();
    }
  });

  it('at the limit is passed on (here: to the authorizer, 401)', async () => {
    const connection = new RawConnection();
    try {
      const body = Buffer.alloc(MAX_PAYLOAD_BYTES, 'a');
      const response = await connection.send(
        `POST /requests HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
      );
      expect(response.status).toBe(401);
    } finally {
      connection.close();
    }
  });
});
