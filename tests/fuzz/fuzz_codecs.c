/* fuzz_codecs.c - libFuzzer: base64url/base64 decoding (cursors, tokens,
 * HTTP Basic), date and timestamp checks, and problem bodies built from
 * arbitrary details. */
#include "b64.h"
#include "json_in.h"
#include "problem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = 0;
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    free(b64url_decode(s, size, &n));
    free(b64std_decode(s, size, &n));
    char enc[4 * 64 / 3 + 4];
    b64url_encode(data, size < 64 ? size : 64, enc);
    char *back = b64url_decode(enc, strlen(enc), &n);
    if (back == NULL || n != (size < 64 ? size : 64) || memcmp(back, data, n) != 0)
        abort(); /* the codec must round-trip */
    free(back);
    is_date(s);
    is_timestamp(s);
    json_t *p = problem_body(ERR_VALIDATION, s, s, "fuzz", NULL, size & 1);
    char *text = json_dumps(p, JSON_COMPACT);
    free(text);
    json_decref(p);
    free(s);
    return 0;
}
