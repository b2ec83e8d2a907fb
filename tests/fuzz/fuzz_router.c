/* fuzz_router.c - libFuzzer: "METHOD /path" against the real route table. */
#include "router.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = malloc(size + 1);
    memcpy(in, data, size);
    in[size] = '\0';
    char *space = strchr(in, ' ');
    const char *method = "GET";
    char *path = in;
    if (space) {
        *space = '\0';
        method = in;
        path = space + 1;
    }
    size_t n;
    const route_t *table = routes_table(&n);
    route_match_t m;
    if (router_match(table, n, method, path, &m) == MATCH_OK)
        for (int i = 0; i < m.nparams; i++)
            if (strlen(m.params[i]) > size)
                abort();
    free(in);
    return 0;
}
