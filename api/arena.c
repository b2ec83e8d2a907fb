/* arena.c - bump allocator with a cleanup list; see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE 8192

struct chunk {
    struct chunk *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

struct deferred {
    struct deferred *next;
    void (*fn)(void *);
    void *p;
};

struct arena {
    struct chunk *chunks;
    struct deferred *deferred;
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL) {
        fputs("lotse: out of memory\n", stderr);
        abort();
    }
    return p;
}

arena_t *arena_new(void)
{
    arena_t *a = calloc(1, sizeof *a);
    return a;
}

void *arena_alloc(arena_t *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    struct chunk *c = a->chunks;
    if (c == NULL || c->cap - c->used < size) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        c = xmalloc(sizeof *c + cap);
        c->cap = cap;
        c->used = 0;
        c->next = a->chunks;
        a->chunks = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(arena_t *a, const char *s, size_t n)
{
    if (s == NULL)
        return NULL;
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(arena_t *a, const char *s)
{
    return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *arena_sprintf(arena_t *a, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return arena_strdup(a, "");
    if ((size_t)n < sizeof small)
        return arena_strndup(a, small, (size_t)n);
    char *d = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}

void arena_defer(arena_t *a, void (*fn)(void *), void *p)
{
    struct deferred *d = xmalloc(sizeof *d);
    d->fn = fn;
    d->p = p;
    d->next = a->deferred;
    a->deferred = d;
}

void arena_free(arena_t *a)
{
    if (a == NULL)
        return;
    while (a->deferred) {
        struct deferred *d = a->deferred;
        a->deferred = d->next;
        d->fn(d->p);
        free(d);
    }
    while (a->chunks) {
        struct chunk *c = a->chunks;
        a->chunks = c->next;
        free(c);
    }
    free(a);
}

void arena_defer_owned(void *arena, void (*fn)(void *), void *p)
{
    arena_defer(arena, fn, p);
}
