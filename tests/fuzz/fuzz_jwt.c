/* fuzz_jwt.c - libFuzzer: arbitrary Authorization headers through token
 * verification (splitting, base64url, JSON, pinned algorithm, signature,
 * claim checks; the token cache is off); nothing may pass without the
 * secret. */
#include "auth.h"
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static config_t cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char err[256];
    if (!ready) {
        cfg.jwt_secret = "fuzz-secret-of-sufficient-length-0123456789";
        cfg.jwt_issuer = "lotse";
        cfg.jwt_audience = "lotse";
        cfg.jwt_leeway = 60;
        cfg.token_ttl = 900;
        if (auth_init(&cfg, err, sizeof err) != 0)
            abort();
        ready = 1;
    }
    char *h = malloc(size + 8);
    memcpy(h, "Bearer ", 7);
    memcpy(h + 7, data, size);
    h[size + 7] = '\0';
    principal_t p;
    const char *why = NULL;
    if (auth_verify(h, 1800000000LL, &p, &why) == AUTH_OK)
        abort(); /* a forged token got through */
    free(h);
    return 0;
}
