/* arena.h - one allocation owner per request.
 *
 * Everything a request allocates (strings, JSON values, query results) is
 * either carved from the arena or registered with arena_defer(); the
 * request's end calls arena_free() once and nothing else is freed by hand.
 */
#ifndef LOTSE_ARENA_H
#define LOTSE_ARENA_H

#include <stddef.h>

typedef struct arena arena_t;

/* A new empty arena; NULL only when memory is exhausted. Free with arena_free. */
arena_t *arena_new(void);

/* size bytes, 16-byte aligned, zeroed; lives until arena_free. Aborts on OOM. */
void *arena_alloc(arena_t *a, size_t size);

/* Copy of s (NULL stays NULL) / of n bytes of s plus a NUL, owned by a. */
char *arena_strdup(arena_t *a, const char *s);
char *arena_strndup(arena_t *a, const char *s, size_t n);

/* printf into arena memory. */
char *arena_sprintf(arena_t *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Run fn(p) when the arena is freed (last registered runs first). */
void arena_defer(arena_t *a, void (*fn)(void *), void *p);

/* arena_defer with the arena as an untyped owner: the defer hook of a
 * db_ctx_t whose results the arena owns. */
void arena_defer_owned(void *arena, void (*fn)(void *), void *p);

/* Runs the deferred functions, then releases all memory. NULL is a no-op. */
void arena_free(arena_t *a);

#endif
