/**
 * A loopback stand-in of the AWS Secrets Manager JSON API (and of STS GetCallerIdentity), for the
 * real AWS CLI to push to through --endpoint-url: it keeps secrets in memory and answers like AWS
 * (ResourceNotFoundException for an unknown id), so a test can read the SecretString that arrived.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  target: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SecretsManagerStandIn {
  url: string;
  secrets: Map<string, string>;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

const JSON_TYPE = 'application/x-amz-json-1.1';
const ACCOUNT = '123456789012';

export async function startSecretsManagerStandIn(): Promise<SecretsManagerStandIn> {
  const secrets = new Map<string, string>();
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(request.headers['x-amz-target'] ?? /Action=(\w+)/.exec(body)?.[1] ?? '');
      requests.push({ target, headers: request.headers, body });
      const reply = (status: number, payload: unknown, type = JSON_TYPE) => {
        response.writeHead(status, { 'content-type': type });
        response.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`;
      if (target === 'GetCallerIdentity') {
        return reply(
          200,
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
            `<Arn>arn:aws:iam::${ACCOUNT}:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account>` +
            `</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
          'text/xml',
        );
      }
      const input = JSON.parse(body || '{}') as { SecretId?: string; Name?: string; SecretString?: string };
      if (target === 'secretsmanager.PutSecretValue') {
        const id = input.SecretId ?? '';
        if (!secrets.has(id)) {
          return reply(400, {
            __type: 'ResourceNotFoundException',
            Message: "Secrets Manager can't find the specified secret.",
          });
        }
        secrets.set(id, input.SecretString ?? '');
        return reply(200, { ARN: arn(id), Name: id, VersionId: `v${requests.length}`, VersionStages: ['AWSCURRENT'] });
      }
      if (target === 'secretsmanager.CreateSecret') {
        const name = input.Name ?? '';
        if (secrets.has(name)) {
          return reply(400, { __type: 'ResourceExistsException', Message: `The secret ${name} already exists.` });
        }
        secrets.set(name, input.SecretString ?? '');
        return reply(200, { ARN: arn(name), Name: name, VersionId: `v${requests.length}` });
      }
      return reply(400, { __type: 'UnknownOperationException', Message: `Not handled: ${target}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secrets,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
