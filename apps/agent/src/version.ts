/** The agent's version as it reports it in enrollment, hello and host facts; kept equal to package.json by a spec. */
export const AGENT_VERSION = '0.1.0';
