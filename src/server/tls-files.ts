/**
 * Reads and checks the certificate and key given to `start`, so a wrong file is reported in one
 * sentence naming it instead of as an OpenSSL error dump from deep inside the HTTPS server.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KeywardenError } from './domain/result.ts';

/** PKCS#8 and traditional (OpenSSL) encrypted PEM keys. */
const ENCRYPTED_PEM = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/;

export function readTlsFiles(certPath: string, keyPath: string): { cert: Buffer; key: Buffer } {
  const cert = readTlsFile(certPath, 'certificate');
  const key = readTlsFile(keyPath, 'private key');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    throw tlsError(
      `The TLS certificate ${certPath} is not a PEM certificate (it should start with "-----BEGIN CERTIFICATE-----").`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const encrypted = code === 'ERR_MISSING_PASSPHRASE' || ENCRYPTED_PEM.test(key.toString('latin1'));
    throw tlsError(
      encrypted
        ? `The TLS private key ${keyPath} is encrypted with a passphrase; give an unencrypted key.`
        : `The TLS private key ${keyPath} is not a PEM private key (it should start with "-----BEGIN PRIVATE KEY-----" or similar).`,
    );
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw tlsError(
      `The TLS private key ${keyPath} does not belong to the certificate ${certPath}; give the key it was issued for.`,
    );
  }
  return { cert, key };
}

function readTlsFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read by this user'
            : 'cannot be read';
    throw tlsError(`The TLS ${what} file ${path} ${reason}.`);
  }
}

function tlsError(message: string): KeywardenError {
  return new KeywardenError('tls_file_invalid', message);
}
