/**
 * The HTTP policy's pure parts: allowlist entries and matching, the address classes the worker
 * refuses (IPv4, IPv6, IPv4 embedded in IPv6), the canonical JSON the transcript hash is taken
 * over, secret redaction, and transcript parsing of hostile input.
 */
import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import { addressAllowed, classifyAddress } from '../../worker/executor/http/policy/classifyAddress.ts';
import { HttpAllowlist, parseAllowEntry } from '../../worker/executor/http/policy/HttpAllowlist.ts';
import { canonicalJson, sha256Hex } from '../../worker/executor/http/transcript/canonicalJson.ts';
import { parseTranscript } from '../../worker/executor/http/transcript/parseTranscript.ts';
import { Redactor } from '../../worker/executor/http/transcript/Redactor.ts';

describe('executor http policy', () => {
  it('matches exact hosts, ports and a leading *. only', () => {
    const list = new HttpAllowlist(['api.example.com', '*.prices.io', 'local.test:8443', '[::1]:9000']);
    const ok = (u: string): boolean => list.allows(new URL(u));
    assert.ok(ok('https://api.example.com/v1'));
    assert.ok(ok('https://API.Example.com./v1'));
    assert.ok(!ok('https://api.example.com:8443/'), 'no port given: only the default one');
    assert.ok(!ok('https://evil-api.example.com/'));
    assert.ok(!ok('https://api.example.com.evil.net/'));
    assert.ok(ok('https://a.b.prices.io/'));
    assert.ok(!ok('https://prices.io/'), '*. does not match the bare domain');
    assert.ok(ok('https://local.test:8443/'));
    assert.ok(!ok('https://local.test/'));
    assert.ok(ok('http://[::1]:9000/'));
    const longerThanDns = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`; // 254: the contracts refuse it too
    for (const bad of ['', 'a*.example.com', '*.com', 'exa mple.com', 'host:0', 'host:70000', '*.*.x.com', 'https://x.com', 'b:80.', longerThanDns]) {
      assert.throws(
        () => parseAllowEntry(bad),
        (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'),
        bad,
      );
    }
  });

  it('classifies loopback, private, link-local, metadata, CGNAT, unique-local and embedded IPv4', () => {
    const cases: [string, string][] = [
      ['8.8.8.8', 'public'],
      ['2606:4700::1111', 'public'],
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.32.0.1', 'public'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'metadata'],
      ['fd00:ec2::254', 'metadata'],
      ['169.254.1.1', 'link_local'],
      ['fe80::1', 'link_local'],
      ['100.64.0.1', 'cgnat'],
      ['100.127.255.255', 'cgnat'],
      ['fc00::1', 'private'],
      ['fdab::1', 'private'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::ffff:169.254.169.254', 'metadata'],
      ['64:ff9b::a00:1', 'private'],
      ['2002:c0a8:101::1', 'private'],
      ['0.0.0.0', 'reserved'],
      ['::', 'reserved'],
      ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['not-an-ip', 'reserved'],
    ];
    for (const [ip, cls] of cases) assert.equal(classifyAddress(ip), cls, ip);
    assert.deepEqual(addressAllowed('127.0.0.1', true), { ok: true });
    assert.deepEqual(addressAllowed('127.0.0.1', false), { ok: false, cls: 'loopback' });
    assert.deepEqual(addressAllowed('10.0.0.1', true), { ok: false, cls: 'private' }, 'development mode allows loopback only');
  });

  it('writes canonical JSON with sorted keys, no whitespace and integers only', () => {
    assert.equal(canonicalJson({ b: [1, 'x"y'], a: { d: null, c: true }, u: undefined }), '{"a":{"c":true,"d":null},"b":[1,"x\\"y"]}');
    assert.throws(() => canonicalJson({ x: 1.5 }));
  });

  it('redacts every occurrence of a secret, longest first, by its sha256', () => {
    const r = new Redactor(['secret-1', 'secret-12', 'ab']);
    const marker = (s: string): string => `[secret:sha256:${sha256Hex(s)}]`;
    assert.equal(r.text('x secret-12 y secret-1 z secret-1'), `x ${marker('secret-12')} y ${marker('secret-1')} z ${marker('secret-1')}`);
    assert.equal(r.text('ab stays'), 'ab stays', 'values under 4 bytes are not redacted');
  });

  it('parses transcripts strictly', () => {
    const good = {
      version: 1,
      exchanges: [
        {
          request: { method: 'GET', url: 'https://a.io/', headers: [['a', 'b']], bodyBase64: '' },
          response: { status: 200, headers: [], bodyBase64: 'eA==' },
          redirects: [],
        },
      ],
    };
    assert.deepEqual(parseTranscript(good), good);
    const broken = [
      { ...good, version: 2 },
      { version: 1, exchanges: [{ ...good.exchanges[0], response: undefined }] },
      { version: 1, exchanges: [{ ...good.exchanges[0], response: { status: 99, headers: [], bodyBase64: '' } }] },
      { version: 1, exchanges: [{ ...good.exchanges[0], request: { ...good.exchanges[0].request, bodyBase64: '%%' } }] },
      { version: 1, exchanges: [{ ...good.exchanges[0], request: { ...good.exchanges[0].request, headers: [['a']] } }] },
    ];
    for (const b of broken)
      assert.throws(
        () => parseTranscript(b),
        (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'),
        JSON.stringify(b),
      );
  });
});
