/*
 * queue.h - the hand-off of buffers between the reading thread and the
 * parsers of one file (pass.c's pipeline mode).
 *
 * A fixed set of buffers circulates between a free list and a FIFO ring
 * under one mutex: the reader takes a free buffer, fills it and pushes it;
 * parsers take the oldest pushed buffer and release it when parsed.  When
 * no buffer is free the reader does not wait idle: it parses the oldest
 * queued one itself (the `work` callback), so with N threads N cores
 * work.  The queue borrows the buffers; it never looks inside them.
 *
 * Call order: queue_init() with the buffers free, then from any threads
 * queue_get_free()/queue_push() (the reader), queue_take()/queue_release()
 * (parsers), queue_close() when the reader is done, queue_free().
 */
#ifndef FLOWMAP_LOAD_QUEUE_H
#define FLOWMAP_LOAD_QUEUE_H

#include <pthread.h>
#include <stddef.h>

struct queue {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	void		**items;	/* ring of queued buffers */
	size_t		 head, count, cap;
	void		**free;		/* buffers ready to fill */
	size_t		 nfree;
	int		 closed;	/* the reader is done with this file */
};

/* n buffers in all; those of free_buffers are free at first (the others
 * are the caller's, pushed later). */
void	queue_init(struct queue *q, size_t n, void *const *free_buffers,
	    size_t nfree);
void	queue_free(struct queue *q);
/* A free buffer, running work(arg, queued) on queued buffers while none
 * is free. */
void	*queue_get_free(struct queue *q, void (*work)(void *arg, void *buf),
	    void *arg);
void	 queue_push(struct queue *q, void *buf);
/* The oldest queued buffer; NULL once closed and empty. */
void	*queue_take(struct queue *q);
void	 queue_release(struct queue *q, void *buf);
void	 queue_close(struct queue *q);

#endif
