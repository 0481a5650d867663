// CloudFront Function (runtime cloudfront-js-2.0) on viewer requests to the H5 site: app paths such as
// `/campaigns/<id>?ch=wechat` or `/pages/...` are answered with the app's index.html (the query string stays,
// the browser keeps the address), while real files (`/js/app.1a2b3c4d.js`) pass through unchanged.
// The local web server applies the same rule (functions/local/web.ts); tests/unit/web-rewrite.test.ts runs this
// file against it. Keep it ES5-plain: CloudFront's runtime is not Node.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (uri === '/' || last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}
