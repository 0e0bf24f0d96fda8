// The bounds and the cache of reports (src/node/reports.ts: provenance and reputation reports alike), with the worker replaced by
// builds the test releases when it chooses: the (limit+1)th request waiting at once is refused with
// too_many_reports; a report is kept by (item, height), the same one asked again is not built again,
// and one asked while it is being built waits for that build; texts are dropped least recently used
// first past the cache's bytes. The real worker is exercised by test/api/report-load.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeError } from '../../src/node/errors.ts';
import { CachedReports, type BuiltReport } from '../../src/node/reports.ts';

function harness(limits: { requestsMax?: number; cacheBytesMax?: number } = {}): { reports: CachedReports; builds: { item: string; release: (text?: string) => void }[]; setHeight: (h: number) => void } {
  let height = 10;
  const builds: { item: string; release: (text?: string) => void }[] = [];
  const reports = new CachedReports({
    what: 'provenance',
    height: () => height,
    limits,
    build: (item) =>
      new Promise<BuiltReport>((resolve) => {
        builds.push({ item, release: (text = `report of ${item} at ${height}`) => resolve({ height, text: new TextEncoder().encode(text) }) });
      }),
  });
  return { reports, builds, setHeight: (h) => (height = h) };
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('the (limit+1)th request waiting at once is refused with too_many_reports; a later one is served', async () => {
  const { reports, builds } = harness({ requestsMax: 2 });
  const first = reports.report('a');
  const second = reports.report('b');
  await assert.rejects(reports.report('c'), (error: unknown) => error instanceof NodeError && error.code === 'too_many_reports');
  await tick();
  builds.forEach((b) => b.release());
  assert.equal(text(await first), 'report of a at 10');
  assert.equal(text(await second), 'report of b at 10');
  const third = reports.report('c');
  await tick();
  builds[2].release();
  assert.equal(text(await third), 'report of c at 10');
  assert.deepEqual(reports.stats, { builds: 3, cacheHits: 0, refused: 1 });
});

test('a report is built once per (item, height): asked again it comes from the cache, asked meanwhile it waits', async () => {
  const { reports, builds, setHeight } = harness();
  const first = reports.report('a');
  const meanwhile = reports.report('a');
  await tick();
  assert.equal(builds.length, 1);
  builds[0].release();
  assert.equal(await meanwhile, await first);
  const again = await reports.report('a');
  assert.equal(again, await first);
  assert.deepEqual(reports.stats, { builds: 1, cacheHits: 1, refused: 0 });
  setHeight(11);
  const next = reports.report('a');
  await tick();
  assert.equal(builds.length, 2, 'a new height is a new report');
  builds[1].release();
  assert.equal(text(await next), 'report of a at 11');
});

test('texts are kept within the cache bytes, least recently used dropped first; a cached report is served even at the request limit', async () => {
  const { reports, builds } = harness({ cacheBytesMax: 40, requestsMax: 1 });
  for (const item of ['a', 'b', 'c']) {
    const pending = reports.report(item);
    await tick();
    builds[builds.length - 1].release(`${item}`.repeat(15));
    await pending;
  }
  // 15 bytes each within 40: a was dropped when c came.
  const blocking = reports.report('x');
  assert.equal(text(await reports.report('c')), 'c'.repeat(15));
  assert.equal(text(await reports.report('b')), 'b'.repeat(15));
  await assert.rejects(reports.report('a'), (error: unknown) => error instanceof NodeError && error.code === 'too_many_reports');
  await tick();
  builds[builds.length - 1].release();
  await blocking;
  assert.equal(reports.stats.cacheHits, 2);
});
