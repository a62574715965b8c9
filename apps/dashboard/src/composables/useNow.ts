/**
 * One shared clock for every "5 min ago" on the page: a single timer however many rows show a time, running
 * only while something on the page uses it.
 */
import { onScopeDispose, readonly, ref, type Ref } from 'vue';

const TICK_MS = 5_000;

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow(): Readonly<Ref<number>> {
  users += 1;
  if (timer === undefined) {
    now.value = Date.now();
    timer = setInterval(() => {
      now.value = Date.now();
    }, TICK_MS);
  }
  onScopeDispose(() => {
    users -= 1;
    if (users === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return readonly(now);
}
