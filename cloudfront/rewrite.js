// Viewer-request CloudFront Function (runtime cloudfront-js-2.0) for the daily-papers site.
// Source of truth: template.yaml carries a byte-identical inline copy as RewriteFunction's
// FunctionCode; tests/unit/test_template.py fails when the two drift apart.
//
//   /posts/2026-02-09/  -> serves /posts/2026-02-09/index.html (URI rewrite, the URL stays)
//   /posts/2026-02-09   -> 301 to /posts/2026-02-09/ (query string kept): it then serves
//                          /posts/2026-02-09/index.html, and the page's relative links
//                          (../2026-02-08/) resolve, which they would not under a rewrite
//   /feed.xml, /assets/style.css, /posts/D/index.md -> untouched (a dot in the last segment)
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') !== -1) {
    return request;
  }
  return {
    statusCode: 301,
    statusDescription: 'Moved Permanently',
    headers: {
      location: { value: origin(request) + uri + '/' + queryString(request.querystring) },
      'cache-control': { value: 'public, max-age=3600' }
    }
  };
}

// An absolute https URL on the host that was asked for, so that a path such as //example.org
// can never become a protocol-relative redirect to another site.
function origin(request) {
  var host = request.headers && request.headers.host;
  return host && host.value ? 'https://' + host.value : '';
}

// The query string as the viewer sent it. CloudFront hands values over still percent-encoded,
// so they are joined back verbatim, never encoded a second time.
function queryString(querystring) {
  var parts = [];
  for (var name in querystring) {
    var field = querystring[name];
    var values = field.multiValue ? field.multiValue : [field];
    for (var i = 0; i < values.length; i++) {
      parts.push(values[i].value === '' ? name : name + '=' + values[i].value);
    }
  }
  return parts.length ? '?' + parts.join('&') : '';
}
