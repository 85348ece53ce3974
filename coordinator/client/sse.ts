/** A minimal Server-Sent Events reader for the job log stream: yields {event, id, data} frames,
 * and the log entries in them parsed with coordinator/api's schemas. */
import { logEndSchema, logEntrySchema, type LogEntry } from '../api/index.ts';
import { parseAnswer, parseJsonText } from './readAnswer.ts';

export interface SseFrame {
  event: string;
  id?: string;
  data: string;
}

export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseFrame> {
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of body) {
    buf += decoder.decode(chunk, { stream: true });
    let sep: number;
    while ((sep = buf.indexOf('\n\n')) >= 0) {
      const raw = buf.slice(0, sep);
      buf = buf.slice(sep + 2);
      const frame: SseFrame = { event: 'message', data: '' };
      const data: string[] = [];
      for (const line of raw.split('\n')) {
        const i = line.indexOf(':');
        if (i <= 0) continue;
        const field = line.slice(0, i);
        const value = line.slice(i + 1).replace(/^ /, '');
        if (field === 'event') frame.event = value;
        else if (field === 'id') frame.id = value;
        else if (field === 'data') data.push(value);
      }
      frame.data = data.join('\n');
      yield frame;
    }
  }
}

/** The log entries of a job's stream until its `end` frame; a frame that does not parse is COORDINATOR__BAD_RESPONSE. */
export async function* readLogFrames(body: AsyncIterable<Uint8Array>, status: number): AsyncGenerator<LogEntry> {
  for await (const frame of readSse(body)) {
    if (frame.event === 'end') {
      parseAnswer(logEndSchema, parseJsonText(frame.data, status), status, 'a log stream end');
      return;
    }
    if (frame.event === 'log') yield parseAnswer(logEntrySchema, parseJsonText(frame.data, status), status, 'a log entry');
  }
}
