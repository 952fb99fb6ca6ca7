// Preloaded (node --require) into the CDK CLI by `npm run deploy:local`: names under
// localhost.localstack.cloud resolve to 127.0.0.1 without DNS. cdklocal publishes assets to
// virtual-hosted S3 names (<bucket>.s3.localhost.localstack.cloud) that public DNS answers for, but
// an offline machine cannot look up; /etc/hosts cannot hold a wildcard. CommonJS because --require
// runs before any ES module loader.
'use strict';
const dns = require('node:dns');

const suffix = '.localhost.localstack.cloud';
const matches = (hostname) =>
  typeof hostname === 'string' && (hostname === suffix.slice(1) || hostname.endsWith(suffix));

const lookup = dns.lookup;
dns.lookup = function localstackLookup(hostname, ...rest) {
  if (!matches(hostname)) return lookup.call(this, hostname, ...rest);
  const [options, callback] = rest;
  const done = typeof options === 'function' ? options : callback;
  const all = typeof options === 'object' && options !== null && options.all;
  process.nextTick(() =>
    all ? done(null, [{ address: '127.0.0.1', family: 4 }]) : done(null, '127.0.0.1', 4),
  );
  return {};
};

const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function localstackPromisesLookup(hostname, ...rest) {
  if (!matches(hostname)) return promisesLookup.call(this, hostname, ...rest);
  const [options] = rest;
  const all = typeof options === 'object' && options !== null && options.all;
  return Promise.resolve(all ? [{ address: '127.0.0.1', family: 4 }] : { address: '127.0.0.1', family: 4 });
};
