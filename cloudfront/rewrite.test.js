// Tests for the viewer-request function, run with Node's own test runner: `node --test cloudfront/`.
// cloudfront-js-2.0 code has no module system, so the file is evaluated in a fresh vm context
// and its top-level `handler` is called the way CloudFront calls it.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const vm = require('node:vm');

const SOURCE = fs.readFileSync(path.join(__dirname, 'rewrite.js'), 'utf8');

function load() {
  const context = vm.createContext({});
  vm.runInContext(SOURCE, context, { filename: 'rewrite.js' });
  return context.handler;
}

function event(uri, querystring = {}, host = 'd111111abcdef8.cloudfront.net') {
  const headers = host ? { host: { value: host } } : {};
  return {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '198.51.100.11' },
    request: { method: 'GET', uri, querystring, headers, cookies: {} },
  };
}

const handler = load();
const CASES = JSON.parse(fs.readFileSync(path.join(__dirname, 'cases.json'), 'utf8'));

test('the shared table of cases (the browser tests\' gateway passes the same one)', () => {
  assert.ok(CASES.serves.length && CASES.redirects.length);
  for (const [uri, served] of CASES.serves) {
    const request = handler(event(uri));
    assert.equal(request.statusCode, undefined, uri);
    assert.equal(request.uri, served, uri);
  }
  for (const [uri, target] of CASES.redirects) {
    const response = handler(event(uri));
    assert.equal(response.statusCode, 301, uri);
    assert.equal(response.headers.location.value, 'https://d111111abcdef8.cloudfront.net' + target, uri);
  }
});

test('a directory URL is served from its index.html', () => {
  for (const [uri, expected] of [
    ['/', '/index.html'],
    ['/posts/2026-02-09/', '/posts/2026-02-09/index.html'],
    ['/posts/', '/posts/index.html'],
  ]) {
    const request = handler(event(uri));
    assert.equal(request.uri, expected, uri);
    assert.equal(request.statusCode, undefined, uri);
  }
});

test('the rewrite leaves the query string and headers alone', () => {
  const querystring = { utm_source: { value: 'rss' }, tag: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] } };
  const request = handler(event('/posts/2026-02-09/', querystring));
  assert.equal(request.uri, '/posts/2026-02-09/index.html');
  assert.deepEqual(request.querystring, querystring);
  assert.equal(request.headers.host.value, 'd111111abcdef8.cloudfront.net');
});

test('files (a dot in the last segment) pass through untouched', () => {
  for (const uri of [
    '/feed.xml',
    '/assets/style.css',
    '/index.html',
    '/404.html',
    '/posts/2026-02-09/index.md',
    '/data/2026-02-09.json',
    '/v1.2/notes.txt',
  ]) {
    const original = event(uri, { v: { value: '3' } });
    const request = handler(original);
    assert.equal(request.uri, uri, uri);
    assert.deepEqual(request.querystring, { v: { value: '3' } }, uri);
    assert.equal(request.statusCode, undefined, uri);
  }
});

test('a directory URL without its slash is redirected to the slash form', () => {
  const response = handler(event('/posts/2026-02-09'));
  assert.equal(response.statusCode, 301);
  assert.equal(response.headers.location.value, 'https://d111111abcdef8.cloudfront.net/posts/2026-02-09/');
});

test('a dot in an earlier segment does not count, only the last one', () => {
  const response = handler(event('/v1.2/posts'));
  assert.equal(response.statusCode, 301);
  assert.equal(response.headers.location.value, 'https://d111111abcdef8.cloudfront.net/v1.2/posts/');
});

test('the redirect keeps the query string exactly as sent, repeated keys included', () => {
  const querystring = {
    q: { value: 'large%20language' },
    flag: { value: '' },
    tag: { value: 'a', multiValue: [{ value: 'a' }, { value: 'b%26c' }] },
  };
  const response = handler(event('/posts', querystring));
  assert.equal(response.statusCode, 301);
  assert.equal(
    response.headers.location.value,
    'https://d111111abcdef8.cloudfront.net/posts/?q=large%20language&flag&tag=a&tag=b%26c',
  );
});

test('the redirect stays on the requested host', () => {
  const response = handler(event('//evil', {}, 'papers.example.org'));
  assert.equal(response.headers.location.value, 'https://papers.example.org//evil/');
});

test('the file is a plain cloudfront-js function: no modules, under the 10 KB limit', () => {
  assert.match(SOURCE, /^function handler\(event\) \{$/m);
  assert.doesNotMatch(SOURCE, /\b(require|import|module\.exports|exports\.)\b/);
  assert.ok(Buffer.byteLength(SOURCE, 'utf8') < 10 * 1024);
});
