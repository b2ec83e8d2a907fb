/* b64.c - base64 codecs; see b64.h. */
#include "b64.h"

#include <stdlib.h>
#include <string.h>

static const char URL_ALPHA[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char STD_ALPHA[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t b64url_encode(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[o++] = URL_ALPHA[(acc >> bits) & 63];
        }
    }
    if (bits > 0)
        out[o++] = URL_ALPHA[(acc << (6 - bits)) & 63];
    out[o] = '\0';
    return o;
}

static char *decode(const char *alpha, const char *s, size_t len, size_t *outlen)
{
    if (len % 4 == 1)
        return NULL;
    char *out = malloc(len * 3 / 4 + 3);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        const char *p = s[i] ? strchr(alpha, s[i]) : NULL;
        if (p == NULL) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (unsigned)(p - alpha);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (char)((acc >> bits) & 0xFF);
        }
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

char *b64url_decode(const char *s, size_t len, size_t *outlen)
{
    return decode(URL_ALPHA, s, len, outlen);
}

char *b64std_decode(const char *s, size_t len, size_t *outlen)
{
    while (len > 0 && s[len - 1] == '=')
        len--;
    return decode(STD_ALPHA, s, len, outlen);
}
