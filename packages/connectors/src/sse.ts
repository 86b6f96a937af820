/** One server-sent event (WHATWG HTML §9.2 "Server-sent events"). */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Incremental SSE parser: feed it chunks as they arrive, get whole events back. Handles CRLF/LF/CR line ends,
 * comment lines (`:thump` heartbeats), multi-line `data:` and a chunk boundary anywhere, including inside a
 * UTF-8 sequence (the caller decodes with a streaming TextDecoder).
 */
export class SseParser {
  private buf = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;
  /** Largest event accepted; a runaway line is dropped instead of growing memory without bound. */
  constructor(private readonly maxEventChars = 1_000_000) {}

  push(chunk: string): SseEvent[] {
    this.buf += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buf);
      if (!m) break;
      // A lone CR at the very end may be the first half of CRLF: wait for more.
      if (m[0] === '\r' && m.index === this.buf.length - 1) break;
      const line = this.buf.slice(0, m.index);
      this.buf = this.buf.slice(m.index + m[0].length);
      this.line(line, out);
    }
    if (this.buf.length > this.maxEventChars) this.buf = '';
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) {
        const ev: SseEvent = { event: this.event || 'message', data: this.data.join('\n') };
        if (this.id !== undefined) ev.id = this.id;
        out.push(ev);
      }
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id') this.id = value;
  }
}
