// An independent AWS client for the tests: the AWS SDK for JavaScript v3, which shares no code
// with our .NET clients, so what it reads proves the emulators hold what we think they hold.
// Usage: node aws-js.mjs <dynamodb|sqs|sns> <Command> <endpoint> '<input as JSON>'
// Prints the command's output as JSON; exits 1 with the error's name and message.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SNSClient } from '@aws-sdk/client-sns';

const [service, command, endpoint, input] = process.argv.slice(2);
const packages = {
  dynamodb: ['@aws-sdk/client-dynamodb', DynamoDBClient],
  sqs: ['@aws-sdk/client-sqs', SQSClient],
  sns: ['@aws-sdk/client-sns', SNSClient],
};
if (!packages[service] || !command || !endpoint) {
  console.error('usage: node aws-js.mjs <dynamodb|sqs|sns> <Command> <endpoint> [input JSON]');
  process.exit(2);
}

const [packageName, Client] = packages[service];
const module = await import(packageName);
const Command = module[`${command}Command`];
if (!Command) {
  console.error(`${packageName} has no ${command}Command`);
  process.exit(2);
}

const client = new Client({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});
try {
  const { $metadata, ...output } = await client.send(new Command(JSON.parse(input || '{}')));
  process.stdout.write(JSON.stringify(output));
} catch (error) {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
}
