/*
 * queue.c - buffers between the reader and the parsers (see queue.h).
 */
#include <stdlib.h>

#include "base/xalloc.h"
#include "load/queue.h"

void
queue_init(struct queue *q, size_t n, void *const *free_buffers, size_t nfree)
{
	*q = (struct queue){ .cap = n };
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->items = xcalloc(n ? n : 1, sizeof *q->items);
	q->free = xcalloc(n ? n : 1, sizeof *q->free);
	for (size_t i = 0; i < nfree && i < n; i++)
		q->free[q->nfree++] = free_buffers[i];
}

void
queue_free(struct queue *q)
{
	free(q->items);
	free(q->free);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
}

static void *
pop_locked(struct queue *q)
{
	void *b = q->items[q->head];

	q->head = (q->head + 1) % q->cap;
	q->count--;
	return b;
}

void
queue_release(struct queue *q, void *buf)
{
	pthread_mutex_lock(&q->mu);
	q->free[q->nfree++] = buf;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

void *
queue_get_free(struct queue *q, void (*work)(void *arg, void *buf), void *arg)
{
	void *b;

	pthread_mutex_lock(&q->mu);
	while (q->nfree == 0) {
		if (q->count > 0) {
			b = pop_locked(q);
			pthread_mutex_unlock(&q->mu);
			work(arg, b);
			pthread_mutex_lock(&q->mu);
			q->free[q->nfree++] = b;
		} else
			pthread_cond_wait(&q->cv, &q->mu);
	}
	b = q->free[--q->nfree];
	pthread_mutex_unlock(&q->mu);
	return b;
}

void
queue_push(struct queue *q, void *buf)
{
	pthread_mutex_lock(&q->mu);
	q->items[(q->head + q->count) % q->cap] = buf;
	q->count++;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

void *
queue_take(struct queue *q)
{
	void *b = NULL;

	pthread_mutex_lock(&q->mu);
	while (q->count == 0 && !q->closed)
		pthread_cond_wait(&q->cv, &q->mu);
	if (q->count > 0)
		b = pop_locked(q);
	pthread_mutex_unlock(&q->mu);
	return b;
}

void
queue_close(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}
