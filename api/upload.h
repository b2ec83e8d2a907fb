/* upload.h - a streamed request body (an OP_UPLOAD route: a document)
 * spooled to an unlinked temporary file as it arrives, never held in
 * memory: its size against a limit, its SHA-256, its type as libmagic
 * finds it in the content, and the optional virus scanner's verdict. */
#ifndef LOTSE_UPLOAD_H
#define LOTSE_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

typedef struct upload {
    int fd;             /* the spool file (unlinked), -1 when it could not be made */
    uint64_t size;      /* bytes received */
    uint64_t limit;     /* the most accepted */
    int too_large;      /* more than limit arrived (the rest is discarded) */
    int failed;         /* the spool file could not be written */
    void *md;           /* the running SHA-256 (EVP_MD_CTX) */
    char sha256[65];    /* lowercase hex, set by upload_finish */
} upload_t;

/* A new spool for at most limit bytes, in $TMPDIR (else /tmp); NULL when
 * out of memory.  The caller frees it with upload_free. */
upload_t *upload_open(uint64_t limit);

/* Appends n bytes (hashing them); past the limit sets too_large. */
void upload_write(upload_t *u, const char *data, size_t n);

/* Ends the upload: the hex SHA-256 into u->sha256 and the file rewound.
 * 0, or -1 when the spool failed. */
int upload_finish(upload_t *u);

/* Reads exactly n bytes of the spooled body from offset into buf; 0 or -1. */
int upload_read(const upload_t *u, void *buf, size_t n, uint64_t offset);

/* A new unlinked temporary file in $TMPDIR (else /tmp), read-write: its descriptor or -1. */
int upload_tmpfile(void);

/* Closes the file and frees u (NULL is ignored). */
void upload_free(upload_t *u);

/* The media type libmagic finds in the file's content ("application/pdf")
 * into out (outlen bytes); the file is rewound.  0, or -1 when libmagic
 * cannot tell (out then holds "application/octet-stream"). */
int upload_media_type(int fd, char *out, size_t outlen);

/* Is type one of the comma-separated list? */
int upload_type_accepted(const char *type, const char *list);

/* The virus scanner's verdict on the file through clamd's INSTREAM at
 * spec ("unix:/path" or "tcp:host:port"): 0 clean, 1 infected (the
 * signature into verdict, verdictlen bytes), -1 when the scanner cannot be
 * reached or answers an error (the reason into verdict).  The file is
 * rewound. */
int upload_scan(const char *spec, int fd, char *verdict, size_t verdictlen);

#endif
