// The node's log formats (issue 17 item 5): readable lines on a terminal, JSON lines otherwise or on
// request; either way keys are censored before a line is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLogFormat, createLogger, type LogFormat } from '../../src/node/logger.ts';

// The samples log at info; a developer's AGORA_LOG_LEVEL must not hide them.
process.env.AGORA_LOG_LEVEL = 'info';

const SECRET = 'c0ffee'.repeat(8);
const WORDS = 'abandon ability able about above absent absorb abstract absurd abuse access accident';

/** A destination that keeps what was written; `isTTY` plays stderr on a terminal or on a pipe. */
function capture(isTTY: boolean): { write(line: string): void; isTTY: boolean; text(): string } {
  const lines: string[] = [];
  return { write: (line) => void lines.push(line), isTTY, text: () => lines.join('') };
}

/** Logs what a node logs, and a careless line that carries key material; returns what was written. */
function logSample(format: LogFormat, isTTY: boolean): string {
  const destination = capture(isTTY);
  const log = createLogger('agora', { format, destination });
  log.info({ api: 'http://127.0.0.1:8080', height: 12 }, 'node running; explorer at /');
  log.child({ module: 'api' }).warn({ secretKey: SECRET, key: { passphrase: 'hunter2', mnemonic: WORDS } }, 'careless line');
  return destination.text();
}

function assertNoSecrets(text: string): void {
  for (const secret of [SECRET, 'hunter2', WORDS]) assert.ok(!text.includes(secret), `a secret reached the log: ${text}`);
}

test('chooseLogFormat: auto is pretty on a terminal and JSON otherwise; json and pretty are kept', () => {
  const table: [LogFormat, boolean, 'json' | 'pretty'][] = [
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['json', true, 'json'],
    ['json', false, 'json'],
    ['pretty', true, 'pretty'],
    ['pretty', false, 'pretty'],
  ];
  for (const [format, isTTY, chosen] of table) assert.equal(chooseLogFormat(format, isTTY), chosen, `${format} on ${isTTY ? 'a terminal' : 'a pipe'}`);
});

test('pretty: one readable line per call with time, level, message and fields, and no secret', () => {
  const text = logSample('pretty', false);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 2, text);
  for (const line of lines) assert.throws(() => JSON.parse(line), SyntaxError, `not JSON: ${line}`);
  assert.match(lines[0], /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: node running; explorer at \/ .*"api":"http:\/\/127\.0\.0\.1:8080"/u);
  assert.match(lines[0], /"height":12/u);
  assert.match(lines[1], /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: careless line .*"module":"api"/u);
  assert.match(lines[1], /"secretKey":"\[Redacted\]"/u);
  // Nothing every line repeats: no pid, hostname or logger name.
  assert.doesNotMatch(text, /"pid"|"hostname"|\(agora\)/u);
  assertNoSecrets(text);
});

test('pretty to something that is not a terminal has no colour codes', () => {
  assert.doesNotMatch(logSample('pretty', false), /\u001b\[/u);
});

test('json: every line parses, with level, time, name and message, and no secret', () => {
  const text = logSample('json', true);
  const records = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.equal(records.length, 2);
  assert.deepEqual(
    records.map(({ level, name, msg }) => ({ level, name, msg })),
    [
      { level: 30, name: 'agora', msg: 'node running; explorer at /' },
      { level: 40, name: 'agora', msg: 'careless line' },
    ],
  );
  assert.equal(typeof records[0].time, 'number');
  assert.equal(records[1].secretKey, '[Redacted]');
  assert.deepEqual(records[1].key, { passphrase: '[Redacted]', mnemonic: '[Redacted]' });
  assertNoSecrets(text);
});

test('auto: JSON lines when stderr is not a terminal, readable lines when it is', () => {
  const piped = logSample('auto', false);
  for (const line of piped.trimEnd().split('\n')) assert.doesNotThrow(() => JSON.parse(line), `JSON: ${line}`);
  const terminal = logSample('auto', true);
  assert.match(terminal, /INFO.*node running/u);
  assert.throws(() => JSON.parse(terminal.split('\n')[0]), SyntaxError);
  assertNoSecrets(terminal);
});
