/* maintenance.h - the `lotse maintenance` subcommand. */
#ifndef LOTSE_MAINTENANCE_H
#define LOTSE_MAINTENANCE_H

#include "config.h"

/* One retention pass over every network; returns the exit status. */
int maintenance_run(const config_t *c);

#endif
