// TLS options for https nodes from Kafka-style ssl.* keys. Node.js reads PEM files and PKCS12
// keystores; Java KeyStore (JKS) files it cannot read, which validation reports on the key.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../../../api/errors.ts';
import type { TlsSettings } from '../settings.ts';

const isPem = (bytes: Buffer) => bytes.subarray(0, 64).toString('latin1').includes('-----BEGIN');

export function tlsOptions(tls: TlsSettings, keyPrefix: string): ConnectionOptions {
  const options: ConnectionOptions = {};
  if (tls.trustAll) options.rejectUnauthorized = false;
  if (!tls.verifyHostname) options.checkServerIdentity = () => undefined;
  if (tls.ciphers.length > 0) options.ciphers = tls.ciphers.join(':');
  if (tls.truststoreLocation) {
    const key = `${keyPrefix}ssl.truststore.location`;
    const bytes = readStore(key, tls.truststoreLocation);
    if (!isPem(bytes))
      throw new ConfigError(
        key,
        tls.truststoreLocation,
        'Only PEM truststores can be read (convert the store with keytool -exportcert -rfc)',
      );
    options.ca = bytes;
  }
  if (tls.keystoreLocation) {
    const key = `${keyPrefix}ssl.keystore.location`;
    const bytes = readStore(key, tls.keystoreLocation);
    if (isPem(bytes)) {
      options.cert = bytes;
      options.key = bytes;
      if (tls.keyPassword) options.passphrase = tls.keyPassword;
    } else if (tls.keystoreType === 'PKCS12') {
      options.pfx = bytes;
      if (tls.keystorePassword) options.passphrase = tls.keystorePassword;
    } else {
      throw new ConfigError(
        key,
        tls.keystoreLocation,
        `A ${tls.keystoreType} keystore cannot be read by Node.js; use a PKCS12 or PEM keystore`,
      );
    }
  }
  return options;
}

function readStore(key: string, location: string): Buffer {
  try {
    return readFileSync(location);
  } catch (error) {
    throw new ConfigError(key, location, `The file cannot be read: ${(error as Error).message}`);
  }
}
