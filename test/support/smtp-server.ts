import net from 'node:net';

/**
 * A minimal SMTP responder for tests (RFC 5321 subset: EHLO/HELO, MAIL FROM, RCPT TO, DATA,
 * RSET, NOOP, QUIT; no TLS, no AUTH). It accepts everything and records each message with
 * its envelope and its decoded subject and text, so a test can read what a real SMTP client
 * sent over a real socket.
 */

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent, dot-stuffing removed. */
  raw: string;
  headers: Map<string, string>;
  subject: string;
  text: string;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setEncoding('latin1');
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 smtp.test ESMTP ready');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let eol: number;
      while ((eol = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            // Bytes were read as latin1 so that each stays one char: re-read them as UTF-8.
            const raw = Buffer.from(data.join('\r\n'), 'latin1').toString('utf8');
            messages.push(parseMessage(from, to, raw));
            from = '';
            to = [];
            reply('250 2.0.0 queued');
          } else {
            data.push(line.startsWith('.') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          reply('250-smtp.test');
          reply('250 8BITMIME');
        } else if (verb === 'HELO' || verb === 'NOOP') reply('250 ok');
        else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          data = [];
          reply('354 end data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 ok');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 5.5.2 command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on which nothing listens (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function parseMessage(from: string, to: string[], raw: string): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : body;
  return { from, to, raw, headers, subject: decodeEncodedWords(headers.get('subject') ?? ''), text: text.replace(/\r\n/g, '\n') };
}

function quotedPrintableBytes(s: string): number[] {
  const soft = s.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return bytes;
}

function decodeQuotedPrintable(s: string): string {
  return Buffer.from(quotedPrintableBytes(s)).toString('utf8');
}

/** RFC 2047: adjacent encoded words are joined (the space between them is not text). */
function decodeEncodedWords(s: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const joined = s.replace(/(\?=)\s+(=\?)/g, '$1$2');
  let out = '';
  let pending: number[] = [];
  let last = 0;
  const flush = () => {
    out += Buffer.from(pending).toString('utf8');
    pending = [];
  };
  for (const m of joined.matchAll(word)) {
    if (m.index! > last) {
      flush();
      out += joined.slice(last, m.index);
    }
    const bytes = m[2].toUpperCase() === 'B' ? Buffer.from(m[3], 'base64') : quotedPrintableBytes(m[3].replace(/_/g, ' '));
    pending.push(...bytes);
    last = m.index! + m[0].length;
  }
  flush();
  return out + joined.slice(last);
}
