/* b64.h - base64url without padding (RFC 4648 §5). */
#ifndef LOTSE_B64_H
#define LOTSE_B64_H

#include <stddef.h>

/* Encodes n bytes into out (needs (4n+2)/3+1 bytes); returns the length. */
size_t b64url_encode(const unsigned char *in, size_t n, char *out);

/* Decodes len characters; returns malloc'd bytes with a NUL appended
 * (caller frees) and their count in *outlen, or NULL when malformed. */
char *b64url_decode(const char *s, size_t len, size_t *outlen);

/* Standard base64 with padding (HTTP Basic); same contract as above. */
char *b64std_decode(const char *s, size_t len, size_t *outlen);

#endif
