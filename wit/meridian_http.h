/*
 * meridian_http.h: Meridian's native HTTP interface for WebAssembly workers, version 0, for C.
 * The contract is wit/meridian-http.wit; this header declares its core-WebAssembly ABI.
 *
 * Build a worker as a WASI reactor that exports `handle`:
 *
 *   #include "meridian_http.h"
 *   MERIDIAN_HANDLER void handle(void) {
 *     meridian_response_start(200, "content-type: text/plain\n", 25);
 *     meridian_response_write("hello\n", 6);
 *   }
 *
 *   clang --target=wasm32-wasi -O2 -mexec-model=reactor -o app.wasm app.c
 */
#ifndef MERIDIAN_HTTP_H
#define MERIDIAN_HTTP_H

#include <stddef.h>
#include <stdint.h>

#define MERIDIAN_IMPORT(name) __attribute__((import_module("meridian_http"), import_name(#name)))
/* Marks the guest's request handler: exported to the host as `handle`. */
#define MERIDIAN_HANDLER __attribute__((export_name("handle")))

#ifdef __cplusplus
extern "C" {
#endif

/* Copies the method into buf (at most len bytes); returns its full length. */
MERIDIAN_IMPORT(request_method) int32_t meridian_request_method(char *buf, size_t len);

/* Copies the absolute URL into buf (at most len bytes); returns its full length. */
MERIDIAN_IMPORT(request_url) int32_t meridian_request_url(char *buf, size_t len);

/* Copies the value of header `name` (any case) into buf; returns its full length, -1 if absent. */
MERIDIAN_IMPORT(request_header)
int32_t meridian_request_header(const char *name, size_t name_len, char *buf, size_t len);

/* Copies all headers as "name: value\n" lines into buf; returns their full length. */
MERIDIAN_IMPORT(request_headers) int32_t meridian_request_headers(char *buf, size_t len);

/* Reads up to len bytes of the body, waiting for them; returns the count, 0 at the end, -1 on error. */
MERIDIAN_IMPORT(request_body_read) int32_t meridian_request_body_read(void *buf, size_t len);

/* Starts the response: status 100-599 and "name: value\n" header lines. Returns 0, or -1. */
MERIDIAN_IMPORT(response_start)
int32_t meridian_response_start(int32_t status, const char *headers, size_t headers_len);

/* Writes the next piece of the body (starting a 200 if needed); returns 0, or -1 if the client is gone. */
MERIDIAN_IMPORT(response_write) int32_t meridian_response_write(const void *buf, size_t len);

/* Sends an outbound request: head is "METHOD URL\n" plus "name: value\n" lines. Returns the
 * status, or -1 (the worker's log says why). Another fetch drops the previous response. */
MERIDIAN_IMPORT(fetch)
int32_t meridian_fetch(const char *head, size_t head_len, const void *body, size_t body_len);

/* Copies a header of the latest fetch's response into buf; returns its full length, -1 if absent. */
MERIDIAN_IMPORT(fetch_header)
int32_t meridian_fetch_header(const char *name, size_t name_len, char *buf, size_t len);

/* Reads up to len bytes of the latest fetch's response body; the count, 0 at the end, -1 on error. */
MERIDIAN_IMPORT(fetch_body_read) int32_t meridian_fetch_body_read(void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
