/* server.h - the HTTP server: libmicrohttpd with an epoll thread pool. */
#ifndef LOTSE_SERVER_H
#define LOTSE_SERVER_H

#include "config.h"

/* Serves until SIGINT or SIGTERM, then stops accepting, lets in-flight
 * requests finish (up to shutdown_grace seconds) and closes connections.
 * Returns the process exit status. The caller must have blocked SIGINT
 * and SIGTERM in all threads (server_block_signals) before calling. */
int server_run(const config_t *c);

/* Blocks SIGINT/SIGTERM/SIGPIPE for this thread and threads it creates. */
void server_block_signals(void);

/* Number of currently open HTTP connections (for /metrics). */
unsigned server_connections(void);

#endif
