/* webhook_target.h - where a webhook may be sent (SSRF rules). */
#ifndef LOTSE_WEBHOOK_TARGET_H
#define LOTSE_WEBHOOK_TARGET_H

#include <stddef.h>

/* Checks url as a webhook target under g_config: https (http only to a
 * loopback host when LOTSE_WEBHOOK_ALLOW_LOOPBACK), no credentials, and a
 * host whose every address is public: loopback, private (RFC 1918, CGNAT,
 * unique local), link-local, unspecified, multicast and reserved addresses
 * are refused unless allowed by configuration.  Resolves the host once and
 * writes "host:port:address" into pin (for CURLOPT_RESOLVE, so the
 * connection goes to the address checked).  Returns 0, or -1 with the
 * reason in why. */
int webhook_target(const char *url, char *pin, size_t pinlen, char *why, size_t whylen);

#endif
