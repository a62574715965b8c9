/**
 * Awaiting what an agent reports, instead of sleeping and hoping: for the agent's specs, the end-to-end
 * tests and the benchmarks, which follow an observation from the PC to the server's ack.
 */
import type { Agent, AgentEvents } from './agent';

/** Resolves with the arguments of the next `event` for which `predicate` holds. */
export function waitForAgent<K extends keyof AgentEvents>(
  agent: Agent,
  event: K,
  predicate: (...args: AgentEvents[K]) => boolean = () => true,
): Promise<AgentEvents[K]> {
  return new Promise((resolve) => {
    const listener = (...args: AgentEvents[K]): void => {
      if (!predicate(...args)) return;
      agent.off(event, listener as never);
      resolve(args);
    };
    agent.on(event, listener as never);
  });
}

/** Resolves once the agent's outbox is empty: every observation acked by the server or set aside. */
export function outboxEmptied(agent: Agent): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (agent.outboxDepth > 0) return;
      agent.off('acked', check);
      agent.off('deadLettered', check);
      resolve();
    };
    agent.on('acked', check);
    agent.on('deadLettered', check);
    check();
  });
}
