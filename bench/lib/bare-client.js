/** The footprint baseline: a bare node process holding one socket.io-client connection, nothing else. */
'use strict';
const { io } = require('socket.io-client');

// `/live` takes an API token in the handshake; the agent's `/agents` would need enrollment first.
const socket = io(`${process.argv[2]}/live`, { auth: { token: process.argv[3] }, transports: ['websocket'] });
socket.on('connect', () => process.stdout.write('connected\n'));
socket.on('connect_error', (error) => process.stderr.write(`connect_error: ${error.message}\n`));
process.once('SIGTERM', () => {
  socket.close();
  process.exit(0);
});
