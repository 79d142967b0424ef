/*
 * portkey.h - a port as one 32-bit key, the same in every stage.
 *
 * Numeric ports stay numbers; the anonymised tokens of the LANL data keep
 * their number under a tag, so "N10451" and "Port95765" need no table; any
 * other token ("http", a number too large for 30 bits, "N007") is interned
 * by the loader (load/names.h) and tagged as a name, whose text only the
 * loader's tables know.
 *
 *   bits 31..30  tag: 0 number, 1 "N<num>", 2 "Port<num>", 3 interned name
 *   bits 29..0   the number, or the id in a port-name table
 */
#ifndef FLOWMAP_BASE_PORTKEY_H
#define FLOWMAP_BASE_PORTKEY_H

#include <stdint.h>

#define PORT_TAG_NUMBER	0u
#define PORT_TAG_N	1u
#define PORT_TAG_PORT	2u
#define PORT_TAG_NAME	3u
#define PORT_VALUE_MAX	((1u << 30) - 1)
#define PORT_KEY(tag, v) (((uint32_t)(tag) << 30) | (uint32_t)(v))
#define PORT_TAG(k)	((uint32_t)(k) >> 30)
#define PORT_VALUE(k)	((uint32_t)(k) & PORT_VALUE_MAX)

#endif
