/* fixedrate.c - an open-loop HTTP load generator for `make bench` (the
 * part of wrk2 that wrk lacks): sends GET requests at a fixed rate over a
 * pool of keep-alive connections and measures each latency from the time
 * the request was due, not from when a connection was free, so a stall
 * shows in the percentiles instead of silently lowering the rate
 * (coordinated omission).
 *
 * usage: fixedrate PORT RATE SECONDS CONNECTIONS PATH_PREFIX N TOKEN
 *   requests GET PATH_PREFIX + a random id 1..N as 12 digits (N = 0: the
 *   prefix alone) on 127.0.0.1:PORT with "Authorization: Bearer TOKEN".
 * FIXEDRATE_TRACE=MS also prints the start (CLOCK_MONOTONIC, as perf record
 * -k mono and cpuprobe) and each request slower than MS milliseconds (its
 * due time after the start, its latency in ms; MS = 0: every request) to
 * stderr.  Prints one line:
 *   FIXEDRATE due sent done non2xx errors achieved_rps p50 p99 p999 max
 * (latencies in ms).  Loopback only; stops by itself after SECONDS plus at
 * most 5 s of draining.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct conn {
    int fd;
    int busy;          /* a request is out */
    double due;        /* when the request in flight was due */
    char buf[65536];
    size_t len;
} conn_t;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int open_conn(int epfd, conn_t *c, int port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0)
        return -1;
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(c->fd);
        c->fd = -1;
        return -1;
    }
    fcntl(c->fd, F_SETFL, O_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
    c->busy = 0;
    c->len = 0;
    return 0;
}

static void close_conn(conn_t *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->busy = 0;
    c->len = 0;
}

/* 1 when buf holds a whole response (status in *status), 0 when more is
 * needed, -1 when it is not HTTP. */
static int parse_response(const conn_t *c, int *status)
{
    const char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
    if (end == NULL)
        return c->len >= sizeof c->buf - 1 ? -1 : 0;
    if (c->len < 12 || strncmp(c->buf, "HTTP/1.", 7) != 0)
        return -1;
    *status = atoi(c->buf + 9);
    size_t head = (size_t)(end - c->buf) + 4, body = 0;
    const char *cl = memmem(c->buf, head, "\r\nContent-Length:", 17);
    if (cl == NULL)
        cl = memmem(c->buf, head, "\r\ncontent-length:", 17);
    if (cl)
        body = strtoul(cl + 17, NULL, 10);
    return c->len >= head + body ? 1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    size_t i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: fixedrate PORT RATE SECONDS CONNECTIONS PATH_PREFIX N TOKEN\n");
        return 2;
    }
    int port = atoi(argv[1]), nconn = atoi(argv[4]);
    double rate = atof(argv[2]), secs = atof(argv[3]);
    const char *prefix = argv[5], *token = argv[7];
    long n_ids = atol(argv[6]);
    if (port <= 0 || rate <= 0 || secs <= 0 || nconn <= 0 || nconn > 10000) {
        fprintf(stderr, "fixedrate: bad arguments\n");
        return 2;
    }
    size_t cap = (size_t)(rate * secs) + 16;
    double *lat = malloc(cap * sizeof *lat);
    conn_t *conns = calloc((size_t)nconn, sizeof *conns);
    int epfd = epoll_create1(0);
    if (lat == NULL || conns == NULL || epfd < 0)
        return 1;
    for (int i = 0; i < nconn; i++)
        if (open_conn(epfd, &conns[i], port) != 0) {
            fprintf(stderr, "fixedrate: cannot connect to port %d\n", port);
            return 1;
        }
    srandom(42);
    long due = 0, sent = 0, done = 0, non2xx = 0;
    long refused = 0, lost = 0; /* not sent for want of a connection; sent, then the connection failed */
    double start = now_s(), stop = start + secs, drain = stop + 5;
    double *queue = malloc(cap * sizeof *queue); /* due times waiting for a connection */
    if (queue == NULL)
        return 1;
    size_t qhead = 0, qtail = 0;
    const char *trace_ms = getenv("FIXEDRATE_TRACE");
    double trace = trace_ms && *trace_ms ? atof(trace_ms) : -1;
    if (trace >= 0) {
        setvbuf(stderr, NULL, _IOFBF, 1 << 16); /* not one write per request */
        fprintf(stderr, "start %.6f (CLOCK_MONOTONIC)\n", start);
    }
    int next_conn = 0;
    struct epoll_event evs[256];
    for (;;) {
        double t = now_s();
        if (t >= drain || (t >= stop && sent == done + lost && qhead == qtail))
            break;
        /* requests that fell due join the queue */
        while (t < stop && start + (double)due / rate <= t && (size_t)due < cap) {
            queue[qtail++] = start + (double)due / rate;
            due++;
        }
        /* give queued requests to idle connections */
        for (int tries = 0; qhead < qtail && tries < nconn; tries++) {
            conn_t *c = &conns[next_conn];
            next_conn = (next_conn + 1) % nconn;
            if (c->fd < 0 && open_conn(epfd, c, port) != 0) {
                refused++;
                qhead++;
                continue;
            }
            if (c->busy)
                continue;
            char id[24] = "", req[4096];
            if (n_ids > 0)
                snprintf(id, sizeof id, "%012ld", 1 + random() % n_ids);
            int len = snprintf(req, sizeof req,
                               "GET %s%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Authorization: Bearer %s\r\n\r\n",
                               prefix, id, token);
            if (len <= 0 || len >= (int)sizeof req || send(c->fd, req, (size_t)len, MSG_NOSIGNAL) != len) {
                refused++;
                qhead++;
                close_conn(c);
                continue;
            }
            c->busy = 1;
            c->due = queue[qhead++];
            c->len = 0;
            sent++;
        }
        /* sleep until the next request is due (at most 10 ms): a
         * nanosecond timeout, so that the generator does not spin and take
         * the CPU from the server it measures */
        double wait = (t < stop ? start + (double)due / rate : t + 0.01) - now_s();
        wait = wait < 0 ? 0 : wait > 0.01 ? 0.01 : wait;
        struct timespec ts = {0, (long)(wait * 1e9)};
        int n = epoll_pwait2(epfd, evs, 256, &ts, NULL);
        for (int i = 0; i < n; i++) {
            conn_t *c = evs[i].data.ptr;
            ssize_t got = recv(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len, 0);
            if (got < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (got <= 0) {
                lost += c->busy;
                close_conn(c); /* closing also takes it out of the epoll set */
                continue;
            }
            c->len += (size_t)got;
            int status = 0, r = parse_response(c, &status);
            if (r == 0)
                continue;
            if (r < 0 || !c->busy) {
                lost += c->busy;
                close_conn(c);
                continue;
            }
            lat[done] = (now_s() - c->due) * 1000.0;
            if (trace >= 0 && lat[done] > trace)
                fprintf(stderr, "slow %.3f s %.2f ms\n", c->due - start, lat[done]);
            done++;
            non2xx += status < 200 || status > 299;
            c->busy = 0;
            c->len = 0;
        }
    }
    qsort(lat, (size_t)done, sizeof *lat, cmp_double);
    /* errors: not sent, connection failed, or unanswered when draining ended */
    printf("FIXEDRATE %ld %ld %ld %ld %ld %.0f %.2f %.2f %.2f %.2f\n", due, sent, done, non2xx,
           refused + (sent - done), (double)done / secs, pct(lat, (size_t)done, 50),
           pct(lat, (size_t)done, 99), pct(lat, (size_t)done, 99.9),
           done ? lat[done - 1] : 0.0);
    for (int i = 0; i < nconn; i++)
        close_conn(&conns[i]);
    free(queue);
    free(conns);
    free(lat);
    close(epfd);
    return 0;
}
