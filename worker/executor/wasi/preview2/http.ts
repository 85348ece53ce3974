/**
 * `wasi:http/types` and `wasi:http/outgoing-handler` (0.2) for components: a real outgoing
 * handler, so a componentize-js `fetch()` or any wasi:http client reaches the hosts its request
 * allows, through the run's GuestHttp (policy, limits, fuel, transcript: worker/executor/http/).
 *
 * The exchange is performed when the guest first asks the future for its value (`get`), so a body
 * written after `handle` (as wasi:http allows) is complete by then; the body is whatever was
 * written to the request's OutgoingBody. Responses arrive whole (the host has read them under
 * the run's byte cap), so every pollable here is ready at once. Trailers are not supported (none
 * sent, none received). The server-side resources (incoming-request, outgoing-response,
 * response-outparam) exist because jco's glue links them, but a command component can never
 * obtain one; constructing one throws.
 */
import { HOST_CALL_FUEL } from '../../instrument/costModel.ts';
import type { HttpErrorKind } from '../../http/exchange.ts';
import type { GuestIo } from '../GuestIo.ts';
import type { HostMeter } from '../HostMeter.ts';
import { alwaysReady, type Pollable } from './pollables.ts';
import { InputStream, OutputStream, type ByteSink, type ByteSource } from './streams.ts';

type Variant = { tag: string; val?: unknown };
const FORBIDDEN = new Set(['connection', 'keep-alive', 'host', 'content-length', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_FIELDS = 256;

/** A run's http state, shared by the classes below (set per run: the classes are per run too). */
interface Ctx {
  io: GuestIo;
  meter: HostMeter;
}

function errorCode(kind: HttpErrorKind, message: string): Variant {
  switch (kind) {
    case 'denied':
      return { tag: 'HTTP-request-denied' };
    case 'limit':
      return message.startsWith('response body') ? { tag: 'HTTP-response-body-size', val: undefined } : { tag: 'connection-limit-reached' };
    case 'timeout':
      return { tag: 'connection-timeout' };
    case 'invalid':
      return { tag: 'HTTP-request-URI-invalid' };
    case 'network':
      return { tag: 'internal-error', val: message };
  }
}

class BodyBuffer implements ByteSink {
  private chunks: Uint8Array[] = [];
  write(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }
  bytes(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks));
  }
}

class BytesSource implements ByteSource {
  private offset = 0;
  constructor(private readonly data: Uint8Array) {}
  get remaining(): number {
    return this.data.length - this.offset;
  }
  read(max: number): Uint8Array {
    const out = this.data.subarray(this.offset, this.offset + Math.min(max, this.remaining));
    this.offset += out.length;
    return out;
  }
}

export function createHttpInterfaces(io: GuestIo): { types: Record<string, unknown>; outgoingHandler: Record<string, unknown> } {
  const ctx: Ctx = { io, meter: io.meter };
  const charge = (): void => ctx.meter.charge(HOST_CALL_FUEL);

  class Fields {
    #entries: [string, Uint8Array][] = [];
    #immutable = false;
    constructor() {
      charge();
    }
    static fromList(list: [string, Uint8Array][]): Fields {
      const f = new Fields();
      for (const [k, v] of list) f.append(k, v);
      return f;
    }
    static locked(list: [string, string][]): Fields {
      const f = new Fields();
      f.#entries = list.map(([k, v]) => [k, new TextEncoder().encode(v)]);
      f.#immutable = true;
      return f;
    }
    #check(name: string, values: Uint8Array[]): void {
      if (this.#immutable) throw { tag: 'immutable' };
      if (!NAME.test(name) || values.some((v) => v.some((b) => b === 13 || b === 10 || b === 0))) throw { tag: 'invalid-syntax' };
      if (FORBIDDEN.has(name.toLowerCase())) throw { tag: 'forbidden' };
      if (this.#entries.length + values.length > MAX_FIELDS) throw { tag: 'invalid-syntax' };
    }
    get(name: string): Uint8Array[] {
      charge();
      const n = name.toLowerCase();
      return this.#entries.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
    }
    has(name: string): boolean {
      return this.get(name).length > 0;
    }
    set(name: string, values: Uint8Array[]): void {
      charge();
      this.#check(name, values);
      const n = name.toLowerCase();
      this.#entries = this.#entries.filter(([k]) => k.toLowerCase() !== n);
      for (const v of values) this.#entries.push([name, v.slice()]);
    }
    delete(name: string): void {
      this.set(name, []);
    }
    append(name: string, value: Uint8Array): void {
      charge();
      this.#check(name, [value]);
      this.#entries.push([name, value.slice()]);
    }
    entries(): [string, Uint8Array][] {
      charge();
      return this.#entries.map(([k, v]) => [k, v.slice()]);
    }
    clone(): Fields {
      const f = new Fields();
      f.#entries = this.entries();
      return f;
    }
    lock(): this {
      this.#immutable = true;
      return this;
    }
    text(): [string, string][] {
      return this.#entries.map(([k, v]) => [k, new TextDecoder().decode(v)]);
    }
  }

  class OutgoingBody {
    #stream: OutputStream | undefined;
    readonly buffer = new BodyBuffer();
    finished = false;
    constructor() {
      this.#stream = new OutputStream(this.buffer, ctx.meter);
    }
    write(): OutputStream {
      charge();
      const s = this.#stream;
      if (!s) throw undefined;
      this.#stream = undefined;
      return s;
    }
    static finish(body: OutgoingBody, trailers?: Fields): void {
      charge();
      if (trailers) throw { tag: 'internal-error', val: 'trailers are not supported' };
      body.finished = true;
    }
  }

  interface RequestParts {
    method: Variant;
    path: string | undefined;
    scheme: Variant | undefined;
    authority: string | undefined;
  }

  class OutgoingRequest {
    #headers: Fields;
    #parts: RequestParts = { method: { tag: 'get' }, path: undefined, scheme: undefined, authority: undefined };
    #body = new OutgoingBody();
    #bodyTaken = false;
    constructor(headers: Fields) {
      charge();
      this.#headers = headers.lock();
    }
    #get<K extends keyof RequestParts>(k: K): RequestParts[K] {
      charge();
      return this.#parts[k];
    }
    /** A setter's `result<_, _>`: an invalid value is the error (thrown undefined, as jco lowers it). */
    #set<K extends keyof RequestParts>(k: K, v: RequestParts[K], valid: boolean): void {
      charge();
      if (!valid) throw undefined;
      this.#parts[k] = v;
    }
    body(): OutgoingBody {
      charge();
      if (this.#bodyTaken) throw undefined;
      this.#bodyTaken = true;
      return this.#body;
    }
    method = (): Variant => this.#get('method');
    setMethod = (m: Variant): void => this.#set('method', m, m.tag !== 'other' || /^[A-Za-z-]{1,32}$/.test(String(m.val)));
    pathWithQuery = (): string | undefined => this.#get('path');
    setPathWithQuery = (p: string | undefined): void => this.#set('path', p, p === undefined || /^[\x21-\x7e]*$/.test(p));
    scheme = (): Variant | undefined => this.#get('scheme');
    setScheme = (v: Variant | undefined): void => this.#set('scheme', v, true);
    authority = (): string | undefined => this.#get('authority');
    setAuthority = (a: string | undefined): void => this.#set('authority', a, a === undefined || /^[A-Za-z0-9.\-[\]:]*$/.test(a));
    headers(): Fields {
      charge();
      return this.#headers;
    }
    /** The exchange this request describes, as the worker performs it. */
    toExchange(): { method: string; url: string; headers: [string, string][]; body: Uint8Array } {
      const { method: m, scheme: s, authority, path = '/' } = this.#parts;
      const method = (m.tag === 'other' ? String(m.val) : m.tag).toUpperCase();
      const scheme = !s ? 'https' : s.tag === 'HTTP' ? 'http' : s.tag === 'HTTPS' ? 'https' : String(s.val).toLowerCase();
      return {
        method,
        url: `${scheme}://${authority ?? ''}${path.startsWith('/') ? path : `/${path}`}`,
        headers: this.#headers.text(),
        body: this.#body.buffer.bytes(),
      };
    }
  }

  /** Accepted and kept for the guest to read back; the worker's own exchange timeout applies. */
  class RequestOptions {
    #timeouts: Record<'connect' | 'firstByte' | 'between', bigint | undefined> = { connect: undefined, firstByte: undefined, between: undefined };
    connectTimeout = (): bigint | undefined => this.#timeouts.connect;
    setConnectTimeout = (d: bigint | undefined): void => void (this.#timeouts.connect = d);
    firstByteTimeout = (): bigint | undefined => this.#timeouts.firstByte;
    setFirstByteTimeout = (d: bigint | undefined): void => void (this.#timeouts.firstByte = d);
    betweenBytesTimeout = (): bigint | undefined => this.#timeouts.between;
    setBetweenBytesTimeout = (d: bigint | undefined): void => void (this.#timeouts.between = d);
  }

  class IncomingBody {
    #stream: InputStream | undefined;
    constructor(body: Uint8Array) {
      this.#stream = new InputStream(new BytesSource(body), ctx.meter);
    }
    stream(): InputStream {
      charge();
      const s = this.#stream;
      if (!s) throw undefined;
      this.#stream = undefined;
      return s;
    }
    static finish(_body: IncomingBody): FutureTrailers {
      charge();
      return new FutureTrailers();
    }
  }

  class IncomingResponse {
    #body: IncomingBody | undefined;
    #headers: Fields;
    constructor(
      private readonly statusCode: number,
      headers: [string, string][],
      body: Uint8Array,
    ) {
      this.#headers = Fields.locked(headers);
      this.#body = new IncomingBody(body);
    }
    status(): number {
      charge();
      return this.statusCode;
    }
    headers(): Fields {
      charge();
      return this.#headers;
    }
    consume(): IncomingBody {
      charge();
      const b = this.#body;
      if (!b) throw undefined;
      this.#body = undefined;
      return b;
    }
  }

  /** A future whose value is there at once and can be taken once (`get` then answers err). */
  class OneShot {
    #taken = false;
    subscribe(): Pollable {
      charge();
      return alwaysReady(ctx.meter);
    }
    protected take(value: () => unknown): Variant {
      charge();
      if (this.#taken) return { tag: 'err', val: undefined };
      this.#taken = true;
      return { tag: 'ok', val: value() };
    }
  }

  /** No trailers are ever received: the value is ok(none). */
  class FutureTrailers extends OneShot {
    get(): Variant {
      return this.take(() => ({ tag: 'ok', val: undefined }));
    }
  }

  class FutureIncomingResponse extends OneShot {
    constructor(private readonly request: OutgoingRequest) {
      super();
    }
    get(): Variant {
      return this.take(() => {
        const o = ctx.io.http.fetch(this.request.toExchange());
        if (!o.ok) return { tag: 'err', val: errorCode(o.error.kind, o.error.message) };
        return { tag: 'ok', val: new IncomingResponse(o.response.status, o.response.headers, o.response.body) };
      });
    }
  }

  const serverSide = (name: string) =>
    class {
      constructor() {
        throw new Error(`wasi:http/types#${name} is not available: the executor serves no incoming HTTP`);
      }
    };

  return {
    types: {
      Fields,
      FutureIncomingResponse,
      FutureTrailers,
      IncomingBody,
      IncomingResponse,
      OutgoingBody,
      OutgoingRequest,
      RequestOptions,
      IncomingRequest: serverSide('IncomingRequest'),
      OutgoingResponse: serverSide('OutgoingResponse'),
      ResponseOutparam: serverSide('ResponseOutparam'),
      httpErrorCode: () => undefined,
    },
    outgoingHandler: {
      handle: (request: OutgoingRequest, _options?: RequestOptions) => new FutureIncomingResponse(request),
    },
  };
}
