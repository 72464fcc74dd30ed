import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** 0 when nothing that looks like an HTTP answer came back. */
  status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  headers: Record<string, string>;
  body: string;
  /** Everything the server wrote for this answer, head and body. */
  text: string;
}

/**
 * A TCP connection that speaks bytes, for requests no HTTP client would send (a malformed request
 * line, broken chunked framing, no Host) or would send otherwise (pipelined, in pieces). Answers are
 * cut by their Content-Length; one without a length runs to the end of the connection.
 */
export class RawConnection {
  private received = '';
  private ended = false;
  private readonly waiting = new Set<() => void>();

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1');
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    // A server that closes with unread input may reset the connection; what it wrote still counts.
    socket.on('error', end);
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /**
   * The first `count` answers, or as many as arrived before the server closed or `timeoutMs` passed
   * (a server that keeps quiet yields an answer with status 0).
   */
  async answers(count: number, timeoutMs = 3000): Promise<RawAnswer[]> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && completeAnswers(this.received).length < count && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiting.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const answers = completeAnswers(this.received);
    const rest = this.received.slice(answers.reduce((length, answer) => length + answer.text.length, 0));
    return answers.length >= count || rest === '' ? answers.slice(0, count) : [...answers, parseAnswer(rest)];
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const wake of this.waiting) {
      wake();
    }
    this.waiting.clear();
  }
}

/** Writes a request on a fresh connection and reads its answer. */
export async function sendRaw(port: number, request: string | Buffer, timeoutMs = 3000): Promise<RawAnswer> {
  const connection = await RawConnection.open(port);
  try {
    connection.write(request);
    const [answer] = await connection.answers(1, timeoutMs);
    return answer ?? parseAnswer('');
  } finally {
    connection.close();
  }
}

function completeAnswers(received: string): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = received;
  for (;;) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const length = headEnd === -1 ? null : /\r\ncontent-length:\s*(\d+)/i.exec(rest.slice(0, headEnd));
    if (length === null || rest.length < headEnd + 4 + Number(length[1])) {
      return answers;
    }
    const end = headEnd + 4 + Number(length[1]);
    answers.push(parseAnswer(rest.slice(0, end)));
    rest = rest.slice(end);
  }
}

function parseAnswer(text: string): RawAnswer {
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd === -1 ? text : text.slice(0, headEnd);
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return { status: status ? Number(status[1]) : 0, headers, body: headEnd === -1 ? '' : text.slice(headEnd + 4), text };
}
