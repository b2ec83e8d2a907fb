/* webhook_target.c - see webhook_target.h. */
#include "webhook_target.h"

#include "config.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { ADDR_PUBLIC, ADDR_LOOPBACK, ADDR_PRIVATE, ADDR_NEVER };

static int class_v4(uint32_t a)
{
    uint8_t b0 = (uint8_t)(a >> 24), b1 = (uint8_t)(a >> 16);
    if (b0 == 127)
        return ADDR_LOOPBACK;
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168) ||
        (b0 == 100 && (b1 & 0xc0) == 64) || (b0 == 169 && b1 == 254))
        return ADDR_PRIVATE; /* RFC 1918, CGNAT, link-local (cloud metadata) */
    if (b0 == 0 || b0 >= 224 || (b0 == 192 && b1 == 0 && (uint8_t)(a >> 8) == 0) ||
        (b0 == 198 && (b1 & 0xfe) == 18))
        return ADDR_NEVER; /* unspecified, multicast, reserved, IETF, benchmarking */
    return ADDR_PUBLIC;
}

static int class_v6(const unsigned char *b)
{
    static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(b, v4mapped, 12) == 0)
        return class_v4((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15]);
    int zero = 1;
    for (int i = 0; i < 15; i++)
        zero &= b[i] == 0;
    if (zero && b[15] == 1)
        return ADDR_LOOPBACK;
    if (zero && b[15] == 0)
        return ADDR_NEVER;
    if ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0x80) == 0x80))
        return ADDR_PRIVATE; /* unique local, link-local fe80::/10, site-local fec0::/10 */
    if (b[0] == 0xff || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) ||
        (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) || b[0] == 0 ||
        (b[0] == 0x20 && b[1] == 0x02))
        /* multicast, documentation, Teredo 2001::/32, 6to4 2002::/16 and everything in 0::/8
         * (NAT64 64:ff9b::/96 and 64:ff9b:1::/48, IPv4-compatible): forms that can carry
         * any IPv4 address, private ones included */
        return ADDR_NEVER;
    return ADDR_PUBLIC;
}

static int allowed(int cls)
{
    return cls == ADDR_PUBLIC || (cls == ADDR_LOOPBACK && g_config.webhook_allow_loopback) ||
           (cls == ADDR_PRIVATE && g_config.webhook_allow_private);
}

/* Is port one of LOTSE_WEBHOOK_PORTS (default 443)? */
static int port_allowed(const char *port)
{
    char list[256];
    snprintf(list, sizeof list, "%s", g_config.webhook_ports);
    char *save = NULL;
    for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
        if (strcmp(p, port) == 0)
            return 1;
    return 0;
}

int webhook_target(const char *url, char *pin, size_t pinlen, char *why, size_t whylen)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL;
    int rc = -1;
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
        snprintf(why, whylen, "is not an absolute http(s) URL");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
        snprintf(why, whylen, "must not carry credentials");
        goto out;
    }
    int https = strcasecmp(scheme, "https") == 0;
    if (!https && strcasecmp(scheme, "http") != 0) {
        snprintf(why, whylen, "must use https");
        goto out;
    }
    /* an IPv6 literal comes bracketed */
    char name[256];
    size_t hl = strlen(host);
    if (hl >= sizeof name) {
        snprintf(why, whylen, "has too long a host name");
        goto out;
    }
    if (host[0] == '[' && hl > 2) {
        memcpy(name, host + 1, hl - 2);
        name[hl - 2] = '\0';
    } else {
        memcpy(name, host, hl + 1);
    }
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(name, port, &hints, &res) != 0 || res == NULL) {
        snprintf(why, whylen, "names a host that does not resolve");
        goto out;
    }
    char first[INET6_ADDRSTRLEN] = "";
    int all_loopback = 1;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        char text[INET6_ADDRSTRLEN];
        int cls;
        if (ai->ai_family == AF_INET) {
            struct in_addr a = ((struct sockaddr_in *)(void *)ai->ai_addr)->sin_addr;
            cls = class_v4(ntohl(a.s_addr));
            inet_ntop(AF_INET, &a, text, sizeof text);
        } else if (ai->ai_family == AF_INET6) {
            struct in6_addr *a = &((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_addr;
            cls = class_v6(a->s6_addr);
            inet_ntop(AF_INET6, a, text, sizeof text);
        } else {
            continue;
        }
        if (!allowed(cls)) {
            /* the address itself is not named: API clients learn nothing of internal DNS */
            snprintf(why, whylen, "resolves to a %s address webhooks are not sent to",
                     cls == ADDR_LOOPBACK ? "loopback" : cls == ADDR_PRIVATE ? "private or link-local"
                                                                             : "reserved");
            freeaddrinfo(res);
            goto out;
        }
        all_loopback &= cls == ADDR_LOOPBACK;
        if (first[0] == '\0')
            snprintf(first, sizeof first, ai->ai_family == AF_INET6 ? "[%s]" : "%s", text);
    }
    freeaddrinfo(res);
    if (first[0] == '\0') {
        snprintf(why, whylen, "names a host without an IP address");
        goto out;
    }
    /* loopback receivers in development listen where they like */
    if (!port_allowed(port) && !(all_loopback && g_config.webhook_allow_loopback)) {
        snprintf(why, whylen, "must use port 443 (or one of LOTSE_WEBHOOK_PORTS)");
        goto out;
    }
    if (!https && !(all_loopback && g_config.webhook_allow_loopback)) {
        snprintf(why, whylen, "must use https (http only to loopback in development)");
        goto out;
    }
    snprintf(pin, pinlen, "%s:%s:%s", name, port, first);
    rc = 0;
out:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(user);
    curl_url_cleanup(u);
    return rc;
}
