/* upload.c - spooling a streamed body, its type and its scan; see upload.h. */
#include "upload.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <netdb.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int upload_tmpfile(void)
{
    const char *dir = getenv("TMPDIR");
    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    char path[512];
    snprintf(path, sizeof path, "%s/lotse-upload-XXXXXX", dir);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    return fd;
}

upload_t *upload_open(uint64_t limit)
{
    upload_t *u = calloc(1, sizeof *u);
    if (u == NULL)
        return NULL;
    u->limit = limit;
    u->fd = upload_tmpfile();
    u->md = EVP_MD_CTX_new();
    if (u->fd < 0 || u->md == NULL || !EVP_DigestInit_ex(u->md, EVP_sha256(), NULL))
        u->failed = 1;
    return u;
}

void upload_write(upload_t *u, const char *data, size_t n)
{
    if (u->too_large || u->failed)
        return;
    if (u->size + n > u->limit) {
        u->too_large = 1;
        return;
    }
    EVP_DigestUpdate(u->md, data, n);
    while (n > 0) {
        ssize_t w = write(u->fd, data, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            u->failed = 1;
            return;
        }
        data += w;
        n -= (size_t)w;
        u->size += (uint64_t)w;
    }
}

int upload_finish(upload_t *u)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (u->failed || !EVP_DigestFinal_ex(u->md, d, &len) || lseek(u->fd, 0, SEEK_SET) != 0)
        return -1;
    for (unsigned i = 0; i < len && i < 32; i++)
        snprintf(u->sha256 + 2 * i, 3, "%02x", d[i]);
    return 0;
}

int upload_read(const upload_t *u, void *buf, size_t n, uint64_t offset)
{
    char *p = buf;
    while (n > 0) {
        ssize_t k = pread(u->fd, p, n, (off_t)offset);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
        offset += (uint64_t)k;
    }
    return 0;
}

void upload_free(upload_t *u)
{
    if (u == NULL)
        return;
    if (u->fd >= 0)
        close(u->fd);
    EVP_MD_CTX_free(u->md);
    free(u);
}

int upload_media_type(int fd, char *out, size_t outlen)
{
    snprintf(out, outlen, "application/octet-stream");
    /* one cookie per call: libmagic's cookies are not shared between threads, and
     * loading the compiled database maps it (no copy) */
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
    int rc = -1;
    if (m && magic_load(m, NULL) == 0) {
        const char *t = magic_descriptor(m, fd);
        if (t) {
            snprintf(out, outlen, "%s", t);
            rc = 0;
        }
    }
    if (m)
        magic_close(m);
    lseek(fd, 0, SEEK_SET);
    return rc;
}

int upload_type_accepted(const char *type, const char *list)
{
    size_t n = strlen(type);
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',')
            e++;
        const char *end = e;
        while (end > p && end[-1] == ' ')
            end--;
        if ((size_t)(end - p) == n && strncmp(p, type, n) == 0)
            return 1;
        p = e;
    }
    return 0;
}

/* A connected socket to spec with 30-second send and receive timeouts, or -1. */
static int scanner_connect(const char *spec)
{
    struct timeval tv = {30, 0};
    int s = -1;
    if (strncmp(spec, "unix:", 5) == 0) {
        struct sockaddr_un a = {.sun_family = AF_UNIX};
        if (strlen(spec + 5) >= sizeof a.sun_path)
            return -1;
        strcpy(a.sun_path, spec + 5);
        s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s < 0)
            return -1;
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) {
            close(s);
            return -1;
        }
        return s;
    }
    char host[256];
    snprintf(host, sizeof host, "%s", spec + 4);
    char *port = strrchr(host, ':');
    if (port == NULL)
        return -1;
    *port++ = '\0';
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai = NULL;
    if (getaddrinfo(host, port, &hints, &ai) != 0)
        return -1;
    for (struct addrinfo *p = ai; p && s < 0; p = p->ai_next) {
        s = socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
        if (s < 0)
            continue;
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(s, p->ai_addr, p->ai_addrlen) != 0) {
            close(s);
            s = -1;
        }
    }
    freeaddrinfo(ai);
    return s;
}

static int send_all(int s, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = send(s, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int upload_scan(const char *spec, int fd, char *verdict, size_t verdictlen)
{
    snprintf(verdict, verdictlen, "the scanner cannot be reached");
    int s = scanner_connect(spec);
    if (s < 0)
        return -1;
    int rc = -1;
    char *chunk = malloc(65536 + 4);
    if (chunk == NULL || send_all(s, "zINSTREAM", 10) != 0)
        goto out;
    lseek(fd, 0, SEEK_SET);
    for (;;) {
        ssize_t n = read(fd, chunk + 4, 65536);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto out;
        uint32_t len = htonl((uint32_t)n);
        memcpy(chunk, &len, 4);
        if (send_all(s, chunk, (size_t)n + 4) != 0)
            goto out; /* clamd closes early when the stream exceeds its StreamMaxLength */
        if (n == 0)
            break;
    }
    char reply[512];
    size_t got = 0;
    while (got < sizeof reply - 1) {
        ssize_t n = recv(s, reply + got, sizeof reply - 1 - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
        if (memchr(reply, '\0', got))
            break;
    }
    reply[got] = '\0';
    reply[strcspn(reply, "\n")] = '\0';
    /* "stream: OK", "stream: <signature> FOUND", "... ERROR" */
    const char *what = strncmp(reply, "stream: ", 8) == 0 ? reply + 8 : reply;
    size_t wl = strlen(what);
    if (strcmp(what, "OK") == 0) {
        rc = 0;
    } else if (wl > 6 && strcmp(what + wl - 6, " FOUND") == 0) {
        snprintf(verdict, verdictlen, "%.*s", (int)(wl - 6), what);
        rc = 1;
    } else {
        snprintf(verdict, verdictlen, "the scanner answered: %.200s", got ? what : "nothing");
    }
out:
    free(chunk);
    close(s);
    lseek(fd, 0, SEEK_SET);
    return rc;
}
