import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { fakeFetch } from '../testing/fake-fetch';
import { deferred, jsonResponse, newSample } from '../testing/factories';
import { HISTORY_MINUTES, useHistoryStore } from './history';

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  jest.restoreAllMocks();
});

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 8, minute)).toISOString();
const instants = (samples: readonly { at: string }[]): string[] => samples.map((sample) => sample.at);

describe('history store', () => {
  it('asks for the chart window and appends live samples after it', async () => {
    let askedMinutes: string | null = null;
    fakeFetch({
      '/api/fleet/history': (url) => {
        askedMinutes = url.searchParams.get('minutes');
        return jsonResponse(200, { samples: [newSample(at(0)), newSample(at(1))] });
      },
    });
    const history = useHistoryStore();

    await history.loadHistory();
    history.appendSample(newSample(at(2)));

    expect(askedMinutes).toBe(String(HISTORY_MINUTES));
    expect(instants(history.samples)).toEqual([at(0), at(1), at(2)]);
  });

  it('after a reconnect, takes the server series (with what it missed) and keeps samples that raced it', async () => {
    const response = deferred<Response>();
    fakeFetch({ '/api/fleet/history': () => response.promise });
    const history = useHistoryStore();
    history.appendSample(newSample(at(0)));

    const loading = history.loadHistory();
    history.appendSample(newSample(at(3)));
    response.resolve(jsonResponse(200, { samples: [newSample(at(0)), newSample(at(1)), newSample(at(2))] }));
    await loading;

    expect(instants(history.samples)).toEqual([at(0), at(1), at(2), at(3)]);
  });

  it('drops samples older than the chart window', () => {
    const history = useHistoryStore();
    history.appendSample(newSample(at(0)));
    history.appendSample(
      newSample(new Date(Date.parse(at(0)) + (HISTORY_MINUTES + 1) * 60_000).toISOString()),
    );
    expect(history.samples).toHaveLength(1);
  });
});
